import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../api/src/app";
import { printJson } from "../../api/src/cli/io";
import { defineApiDomain } from "../../api/src/domain";

// a domain outside API_DOMAINS tells the type system its permission names this way
declare module "../../api/src/rbac" {
  interface ExtraPermissions {
    "tiny:read": true;
  }
}

const Thing = z.object({ id: z.number().int(), name: z.string() });
const THINGS = [
  { id: 1, name: "pebble" },
  { id: 2, name: "acorn" },
];

const tinyRoutes: FastifyPluginAsyncZod<AppDeps> = async (app) => {
  app.get(
    "/api/tiny/things",
    { config: { access: "tiny:read" }, schema: { tags: ["tiny"], description: "Every tiny thing.", response: { 200: z.array(Thing) } } },
    async () => THINGS,
  );
};

/** The smallest complete domain: one route behind one permission, one command. */
export const tiny = defineApiDomain({
  name: "tiny",
  permissions: { "tiny:read": { description: "See tiny things", roles: ["admin", "support"] } },
  routes: tinyRoutes,
  cli: (program, io) => {
    const group = program.command("tiny").description("tiny things");
    group
      .command("hello")
      .description("greet from the tiny domain")
      .action(() => printJson(io, { hello: "tiny", things: THINGS.length }));
  },
});
