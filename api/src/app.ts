import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import sse from "@fastify/sse";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DbHandle } from "@ist/db";
import type { Queues } from "@ist/jobs";
import type { Config } from "./config";
import { AppError } from "./errors";
import { alertsRoutes } from "./modules/alerts/alerts.routes";
import { notificationsRoutes } from "./modules/notifications/notifications.routes";
import { auditRoutes } from "./modules/audit/audit.routes";
import { authRoutes } from "./modules/auth/auth.routes";
import { dashboardsRoutes } from "./modules/dashboards/dashboards.routes";
import { healthRoutes } from "./modules/health/health.routes";
import { ingestRoutes } from "./modules/ingest/ingest.routes";
import { jobsRoutes } from "./modules/jobs/jobs.routes";
import { keysRoutes } from "./modules/keys/keys.routes";
import { metricsRoutes } from "./modules/metrics/metrics.routes";
import { usersRoutes } from "./modules/users/users.routes";
import { authPlugin } from "./plugins/auth";
import { consolePlugin } from "./plugins/console";
import { errorsPlugin } from "./plugins/errors";
import { metricsPlugin } from "./plugins/metrics";
import { securityHeaders } from "./plugins/security-headers";
import { warehousePlugin } from "./plugins/warehouse";

export interface AppDeps {
  config: Config;
  db: DbHandle;
  /** shared connection for health checks and rate limits */
  redis: Redis;
  queues: Queues;
  /** BullMQ key prefix, so tests can keep to their own keys */
  queuePrefix?: string;
  /** a pino instance to share, `false` for silence; default: pino at LOG_LEVEL */
  logger?: Logger | false;
}

export type App = FastifyInstance;

export const REDACT = ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'];

/** Builds the app: external plugins, then ours, then the domain modules. `server.ts` listens. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger === false ? false : { level: deps.config.LOG_LEVEL, redact: REDACT } }),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(securityHeaders, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie, { secret: deps.config.SESSION_SECRET });
  await app.register(rateLimit, {
    global: false,
    redis: deps.redis,
    nameSpace: `${deps.queuePrefix ?? "ist"}-rl-`,
    errorResponseBuilder: (_req, ctx) =>
      new AppError("rate_limited", `too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`, { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
  });
  // a comment every 20 s keeps proxies from closing idle event streams
  await app.register(sse, { heartbeatInterval: 20_000 });
  await app.register(swagger, {
    openapi: { info: { title: "IST Console API", version: "0.1.0" }, components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "ist_session" }, ingestKey: { type: "http", scheme: "bearer" } } } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(metricsPlugin, { collectQueueDepths: () => deps.queues.depths() });
  await app.register(warehousePlugin, { lakeDir: deps.config.LAKE_DIR, reportingTz: deps.config.REPORTING_TZ });
  await app.register(authPlugin, deps);

  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(usersRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(jobsRoutes, deps);
  await app.register(keysRoutes, deps);
  await app.register(ingestRoutes, deps);
  await app.register(alertsRoutes, deps);
  await app.register(notificationsRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(dashboardsRoutes, deps);
  await app.register(consolePlugin, deps);
  return app as unknown as App;
}
