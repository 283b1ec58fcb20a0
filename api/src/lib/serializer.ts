import type { FastifySerializerCompiler } from "fastify/types/schema";
import fastJson from "fast-json-stringify";
import { serializerCompiler as zodSerializer } from "fastify-type-provider-zod";
import { z } from "zod";

/**
 * Response serialisation from the routes' zod schemas, at Fastify's own speed: each response
 * schema is turned into JSON Schema once and compiled by fast-json-stringify (what Fastify uses
 * for JSON-Schema routes), which writes exactly the declared fields. Parsing every response with
 * zod instead (fastify-type-provider-zod's serializer) doubled the cost of a 10-row list page,
 * mostly in garbage; a schema JSON Schema cannot express falls back to that serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  const schema = route.schema;
  if (schema instanceof z.ZodType) {
    try {
      const json = z.toJSONSchema(schema, { target: "draft-7", io: "output", unrepresentable: "throw" });
      return fastJson(json as Parameters<typeof fastJson>[0]);
    } catch {
      // e.g. transforms or undefined bodies: zod parses those responses
    }
  }
  return zodSerializer(route as never);
};
