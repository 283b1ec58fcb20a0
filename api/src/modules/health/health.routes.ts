import { accessSync, constants } from "node:fs";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sql } from "@ist/db";
import type { AppDeps } from "../../app";

type Check = "ok" | string;

async function check(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 2 s")), 2000))]);
    return "ok";
  } catch (error) {
    return (error as Error).message || "failed";
  }
}

const check_ = z.string().describe('"ok", or why the check failed');
const HealthDto = z.object({ status: z.enum(["ok", "degraded"]), checks: z.object({ db: check_, redis: check_, warehouse: check_ }) });

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get("/health", { config: { access: "public" }, schema: { tags: ["health"], response: { 200: HealthDto, 503: HealthDto.describe("a dependency is down: which, and why") } } }, async (_request, reply) => {
    const [db, redis, warehouse] = await Promise.all([
      check(() => deps.db.db.execute(sql`select 1`)),
      check(() => deps.redis.ping()),
      // a real DuckDB round trip on the pool's own health connection (not behind queued analytics),
      // plus the lake's directory being writable (the WAL lives there)
      check(async () => {
        accessSync(deps.config.LAKE_DIR, constants.R_OK | constants.W_OK);
        await app.warehouse.ping();
      }),
    ]);
    const checks = { db, redis, warehouse };
    const ok = Object.values(checks).every((c) => c === "ok");
    return reply.status(ok ? 200 : 503).send({ status: ok ? "ok" : "degraded", checks });
  });
};
