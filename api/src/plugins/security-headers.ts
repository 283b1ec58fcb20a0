import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * helmet's response headers, worked out once at start and set on every reply. Registered as is,
 * @fastify/helmet builds a new helmet middleware (validating and serialising the CSP directives
 * again) inside two extra hooks on every request, a sizeable share of a cached list request's CPU.
 * Our headers never vary by request (no CSP nonces, no per-route helmet options), so @fastify/helmet
 * answers one request in a private instance and we keep exactly the headers it added.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(helmet, options);
    probe.get("/", async () => "");
    const res = await probe.inject("/");
    await probe.close();
    return res.headers;
  };
  const [plain, secured] = await Promise.all([answer(false), answer(true)]);
  return Object.fromEntries(Object.entries(secured).flatMap(([name, value]) => (name in plain || value === undefined ? [] : [[name, String(value)]])));
}

export const securityHeaders = fp(async (app: FastifyInstance, options: FastifyHelmetOptions) => {
  const headers = await helmetHeaders(options);
  // onRequest, as @fastify/helmet: error replies, 404s and event streams carry them too
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
});
