import { Writable } from "node:stream";
import Fastify from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { logPanelError } from "../modules/dashboards/dashboards.routes";
import { errorsPlugin } from "./errors";

/** #9 item 16: log lines an operator can read: one `msg` each, stacks only for real failures. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

describe("error logging", () => {
  const { lines, logger } = capture();
  const app = Fastify({ loggerInstance: logger }).withTypeProvider<ZodTypeProvider>();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    await app.register(errorsPlugin);
    app.post("/things", { schema: { body: z.object({ name: z.string().min(2) }) } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it("a rejected request logs one line with one msg and the reason under its own key", async () => {
    await app.inject({ method: "POST", url: "/things", payload: { name: "x" } });
    const rejected = lines.filter((l) => l.includes("request rejected"));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.match(/"msg":/g)).toHaveLength(1);
    expect(JSON.parse(rejected[0]!)).toMatchObject({ level: 30, msg: "request rejected", code: "validation_error", reason: expect.stringMatching(/^body\.name: /) });
  });

  it("a dashboard tile refused for its input logs at info without a stack; a failure at error with one", () => {
    const { lines: out, logger: log } = capture();
    logPanelError(log, new AppError("validation_error", "query.grain: at most 10,000 hours"), "dau", "daily_active_users");
    logPanelError(log, new Error("duckdb exploded"), "dau", "daily_active_users");
    const [refused, failed] = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(refused).toMatchObject({ level: 30, tile: "dau", metric: "daily_active_users", code: "validation_error", reason: "query.grain: at most 10,000 hours" });
    expect(refused).not.toHaveProperty("err");
    expect(JSON.stringify(refused)).not.toMatch(/\bat .*:\d+:\d+/);
    expect(failed).toMatchObject({ level: 50, err: { message: "duckdb exploded", stack: expect.any(String) } });
  });
});
