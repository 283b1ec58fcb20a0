import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import sse from "@fastify/sse";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { serializerCompiler } from "./lib/serializer";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DbHandle } from "@ist/db";
import type { Queues } from "@ist/jobs";
import type { Config } from "./config";
import type { ApiDomain } from "./domain";
import { AppError } from "./errors";
import { logOptions } from "./logging";
import { API_DOMAINS } from "./modules/registry";
import { authPlugin } from "./plugins/auth";
import { consolePlugin } from "./plugins/console";
import { errorsPlugin, frameworkError, sendError } from "./plugins/errors";
import { inputGuard } from "./plugins/input-guard";
import { metricsExposure, metricsPlugin } from "./plugins/metrics";
import { originCheck } from "./plugins/origin-check";
import { securityHeaders } from "./plugins/security-headers";
import { warehousePlugin } from "./plugins/warehouse";
import { assertEveryPermissionGuards, composeRbac } from "./rbac";

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

export { REDACT } from "./logging";

export interface BuildOptions {
  /** the domains to serve; default: all of modules/registry.ts (a test adds one of its own) */
  domains?: readonly ApiDomain[];
}

/** Builds the app: external plugins, then ours, then the domains' routes. `server.ts` listens. */
export async function buildApp(deps: AppDeps, { domains = API_DOMAINS }: BuildOptions = {}): Promise<App> {
  // first: a domain that declares its permissions wrongly stops the app before anything opens
  const rbac = composeRbac(domains);
  const app = createFastify(deps);
  app.decorate("rbac", rbac);
  try {
    await registerPlugins(app, deps);
    await registerDomains(app, domains, deps);
    await app.register(consolePlugin, deps);
  } catch (error) {
    // a half-built app holds timers and connections (the lake flusher, a Redis subscription)
    await app.close().catch(() => undefined);
    throw error;
  }
  return app as unknown as App;
}

function createFastify(deps: AppDeps) {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger === false ? false : logOptions(deps.config.LOG_LEVEL) }),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
    // a long path parameter reaches its route, whose schema answers 400 naming it (at the default
    // of 100 no route matched and the request fell through to the console's static files: a 403)
    routerOptions: { maxParamLength: 2_048 },
    // a path that is not valid percent-encoded UTF-8 (a lone surrogate), in the one error format
    frameworkErrors: (error, request, reply) => sendError(reply, request, frameworkError(error)),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}
type ZodApp = ReturnType<typeof createFastify>;

export function docsEnabled(config: Pick<Config, "API_DOCS" | "production">): boolean {
  return config.API_DOCS ?? !config.production;
}

async function registerPlugins(app: ZodApp, deps: AppDeps): Promise<void> {
  await app.register(errorsPlugin);
  await app.register(originCheck, { allowedOrigins: deps.config.ALLOWED_ORIGINS });
  await app.register(inputGuard);
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
  // the explorer lists every route and schema: a setting, off in production unless asked for
  if (docsEnabled(deps.config)) await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(metricsPlugin, { collectQueueDepths: () => deps.queues.depths(), ...metricsExposure(deps.config) });
  await app.register(warehousePlugin, { lakeDir: deps.config.LAKE_DIR, reportingTz: deps.config.REPORTING_TZ, memoryLimit: deps.config.DUCKDB_MEMORY_LIMIT });
  await app.register(authPlugin, deps);
}

/**
 * Each domain's routes in a scope of their own, in registry order. Fails, naming domains, route
 * and permission, when two domains register one route or a permission guards no route.
 */
async function registerDomains(app: ZodApp, domains: readonly ApiDomain[], deps: AppDeps): Promise<void> {
  const owner = new Map<string, string>();
  for (const domain of domains) {
    await app.register(async (scope) => {
      scope.addHook("onRoute", (route) => {
        for (const method of [route.method].flat()) {
          const key = `${method} ${route.url}`;
          const other = owner.get(key);
          if (other) throw new Error(`route ${key} is registered by two domains: ${other} and ${domain.name}`);
          owner.set(key, domain.name);
        }
      });
      for (const routes of [domain.routes ?? []].flat()) await scope.register(routes, deps);
    });
  }
  for (const route of app.routeAccess) route.domain = owner.get(`${route.method} ${route.url}`);
  assertEveryPermissionGuards(app.rbac, app.routeAccess.map((r) => r.access));
}
