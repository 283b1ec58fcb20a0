import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorsPlugin } from "../plugins/errors";
import { DomainInputError, zodIssues } from "./domain-error";
import { errors } from "./responses";

/** Domain input errors and schema failures reach the client in one shape, through the one error handler. */
describe("validation errors", () => {
  const app = Fastify({ genReqId: () => "req-7" }).withTypeProvider<ZodTypeProvider>();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(errorsPlugin);
    const Body = z
      .object({ name: z.string().min(2), age: z.number().int() })
      .superRefine((b, ctx) => {
        if (b.name === "root") ctx.addIssue({ code: "custom", path: ["name"], message: "is reserved", params: { code: "reserved" } });
      });
    app.post("/things", { schema: { body: Body, response: { 200: z.object({ ok: z.boolean() }), ...errors(400) } } }, async (request) => {
      if (request.body.name === "taken") throw new DomainInputError([{ code: "in_use", path: "name", message: "already in use" }]);
      if (request.body.age > 150) throw DomainInputError.of("age", "nobody is that old", "too_big");
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(() => app.close());
  const post = (payload: object) => app.inject({ method: "POST", url: "/things", payload });

  it.each<[object, { code: string; path: string; message: string | RegExp; params?: Record<string, unknown> }[]]>([
    [{ name: "taken", age: 3 }, [{ code: "in_use", path: "name", message: "already in use" }]],
    [{ name: "old", age: 200 }, [{ code: "too_big", path: "age", message: "nobody is that old" }]],
    // schema failures carry zod's issue codes
    // …and the params a client words them with
    [
      { name: "x", age: 1.5 },
      [
        { code: "too_small", path: "name", message: /2/, params: { minimum: 2, origin: "string", inclusive: true } },
        { code: "invalid_type", path: "age", message: /int/, params: { expected: "int", format: "safeint" } },
      ],
    ],
    [{ age: 1 }, [{ code: "invalid_type", path: "name", message: /string/, params: { expected: "string" } }]],
    // a domain rule checked in the schema names its own code
    [{ name: "root", age: 1 }, [{ code: "reserved", path: "name", message: "is reserved" }]],
  ])("answers %j with 400 validation_error and the fields", async (payload, fields) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ code: "validation_error", requestId: "req-7", message: expect.any(String) });
    expect(body.details.fields).toHaveLength(fields.length);
    fields.forEach((f, i) =>
      expect(body.details.fields[i]).toEqual({ code: f.code, path: f.path, message: f.message instanceof RegExp ? expect.stringMatching(f.message) : f.message, ...(f.params ? { params: f.params } : {}) }),
    );
  });

  it("passes good input", async () => {
    expect((await post({ name: "fine", age: 30 })).json()).toEqual({ ok: true });
  });

  it("says what is wrong in its message, and its first issue's code and path", () => {
    const e = new DomainInputError([
      { code: "required", path: "threshold", message: "required for a threshold rule" },
      { code: "required", path: "comparison", message: "required for a pct_change rule" },
    ]);
    expect(e.message).toBe("threshold: required for a threshold rule; comparison: required for a pct_change rule");
    expect([e.code, e.path, e.name]).toEqual(["required", "threshold", "DomainInputError"]);
    expect(e).toBeInstanceOf(Error);
  });

  it("turns zod issues into input issues", () => {
    const r = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: { b: 1 } });
    expect(zodIssues(r.error!.issues)).toEqual([{ code: "invalid_type", path: "a.b", message: expect.any(String), params: { expected: "string" } }]);
    expect(zodIssues([{ code: "custom", path: [], message: "whole thing" }])).toEqual([{ code: "custom", path: "(root)", message: "whole thing" }]);
  });
});
