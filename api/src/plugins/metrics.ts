import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../errors";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface AppMetrics {
  registry: Registry;
  jobDuration: Histogram<"queue" | "name" | "state">;
  queueDepth: Gauge<"queue" | "state">;
  ingestEvents: Counter<"outcome">;
  flushes: Counter<"outcome">;
}

declare module "fastify" {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

export interface MetricsExposure {
  /** serve GET /metrics at all */
  serve: boolean;
  /** the bearer token a scrape must send; unset: none asked */
  token?: string;
}

/**
 * /metrics names every route, queue and process figure: in production it is served only with a
 * scrape token (METRICS_TOKEN); outside production it is open unless a token is set.
 */
export function metricsExposure(config: { METRICS_TOKEN?: string; production: boolean }): MetricsExposure {
  return config.METRICS_TOKEN ? { serve: true, token: config.METRICS_TOKEN } : { serve: !config.production };
}

function sameToken(given: string | undefined, token: string): boolean {
  // hash both so the comparison takes the same time whatever the lengths
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** Prometheus text at GET /metrics: per-route request counts and latency, job and ingest figures. */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: Partial<MetricsExposure> & { collectQueueDepths?: () => Promise<Record<string, Record<string, number>>> }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests", labelNames: ["method", "route", "status"], registers: [registry] });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const metrics: AppMetrics = {
    registry,
    jobDuration: new Histogram({
      name: "job_duration_seconds",
      help: "Job run time by queue, name and final state",
      labelNames: ["queue", "name", "state"],
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "queue_jobs",
      help: "Jobs per queue and state",
      labelNames: ["queue", "state"],
      registers: [registry],
      async collect() {
        const depths: Record<string, Record<string, number>> = (await opts.collectQueueDepths?.().catch(() => ({}))) ?? {};
        for (const [queue, states] of Object.entries(depths)) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      },
    }),
    ingestEvents: new Counter({ name: "ingest_events_total", help: "Ingested events by outcome", labelNames: ["outcome"], registers: [registry] }),
    flushes: new Counter({ name: "lake_flushes_total", help: "WAL → Parquet flushes", labelNames: ["outcome"], registers: [registry] }),
  };
  app.decorate("metrics", metrics);

  app.addHook("onResponse", async (request, reply) => {
    // the route template, not the URL, so ids do not explode the label set
    const route = request.routeOptions.url ?? "unmatched";
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  if (opts.serve === false) return;
  const token = opts.token;
  app.get("/metrics", { config: { access: "public" }, schema: { hide: true } }, async (request, reply) => {
    if (token && !sameToken(/^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1], token)) {
      throw new AppError("unauthorized", "a scrape token is required: Authorization: Bearer $METRICS_TOKEN");
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
});
