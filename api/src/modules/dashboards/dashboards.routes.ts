import type { FastifyBaseLogger } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DATE_PRESETS, VISUALISATIONS, getDashboard, loadDashboards, type Dashboard } from "@ist/dashboards";
import { DIMENSIONS, getMetric, GRAINS, type Grain } from "@ist/warehouse";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { eventStreams } from "../../lib/event-stream";
import { authed, eventStream } from "../../lib/responses";
import { DashboardParams, DashboardQueryString, filtersOf, MetricAnswerDto, rejectInvalidQuery } from "../metrics/metrics.schemas";
import { metricsServiceFor, type MetricAnswer, type MetricsService } from "../metrics/metrics.service";
import { analyticsGateFor, checkWindow } from "../metrics/analytics-limits";
import { requireUser } from "../../plugins/auth";

/**
 * Dashboards as code, evaluated: the list, one dashboard with every tile's results (all metrics
 * at once; the pool runs two at a time), and an event stream that says when new data landed.
 */
const Localized = z.object({ en: z.string(), "zh-CN": z.string() });

const DashboardSummaryDto = z.object({ slug: z.string(), title: Localized, description: Localized.optional(), tiles: z.number().describe("how many tiles") });

/** A dashboard definition as loaded from `dashboards/<slug>.yaml` (dashboards/src/schema.ts). */
const DashboardDto = z.object({
  version: z.literal(1),
  slug: z.string(),
  title: Localized,
  description: Localized.optional(),
  filters: z.array(z.enum(DIMENSIONS)),
  defaults: z.object({ preset: z.enum(DATE_PRESETS), grain: z.enum(GRAINS) }),
  tiles: z.array(
    z.object({
      id: z.string(),
      title: Localized.optional(),
      viz: z.enum(VISUALISATIONS),
      metrics: z.array(z.string()),
      groupBy: z.enum(DIMENSIONS).optional(),
      sparkline: z.boolean().optional(),
      delta: z.boolean().optional(),
      limit: z.number().optional(),
      layout: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
    }),
  ),
});

const EvaluatedDashboardDto = z.object({
  dashboard: DashboardDto,
  asOf: z.string(),
  panels: z.record(z.string(), z.array(MetricAnswerDto)).describe("per tile id: its metrics' answers"),
  errors: z.record(z.string(), z.string()).optional().describe("per tile id whose metrics could not all be computed: why"),
});

export const dashboardsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const service = metricsServiceFor(app.warehouse, deps.config.REPORTING_TZ, app.log.child({ module: "metrics" }));
  const tags = ["dashboards"];
  const stream = eventStreams(app);
  const gate = analyticsGateFor(app.warehouse, { perUser: deps.config.ANALYTICS_CONCURRENCY_PER_USER, queuePerUser: deps.config.ANALYTICS_QUEUE_PER_USER });

  app.get("/api/dashboards", { config: { access: "dashboards:read" }, schema: { tags, response: { 200: z.array(DashboardSummaryDto), ...authed() } } }, async () =>
    loadDashboards().map((d) => ({ slug: d.slug, title: d.title, ...(d.description ? { description: d.description } : {}), tiles: d.tiles.length })),
  );

  app.get(
    "/api/dashboards/stream",
    {
      config: { access: "dashboards:read" },
      sse: { kind: "only" },
      schema: { tags, response: { 200: eventStream("`ready` with `{ asOf }` (how fresh the data is) at once, then a `data` event `{ asOf }` after every flush that landed events"), ...authed() } },
    },
    (request, reply) =>
      stream(request, reply, { ready: { asOf: service.asOf }, source: service, event: "data", toData: (asOf) => ({ asOf }) }),
  );

  app.get(
    "/api/dashboards/:slug",
    {
      config: { access: "dashboards:read" },
      attachValidation: true,
      schema: {
        tags,
        params: DashboardParams,
        querystring: DashboardQueryString,
        description: "The dashboard definition and every tile's metric results; default window and grain: the dashboard's own.",
        response: { 200: EvaluatedDashboardDto, ...authed(400, 404, 429) },
      },
    },
    async (request) => {
      rejectInvalidQuery(request);
      const { slug } = request.params;
      const dashboard = getDashboard(slug);
      if (!dashboard) throw AppError.notFound("dashboard", slug);
      const q = request.query;
      const window = service.window(q, { preset: dashboard.defaults.preset, grain: dashboard.defaults.grain });
      // a window no tile could answer is the request's fault: 400 before any query runs
      checkWindow(window, service.zone, deps.config.ANALYTICS_MAX_BUCKETS);
      const filters = await service.canonicalFilters(filtersOf(q));
      const { panels, errors } = await gate.run(requireUser(request).id, () =>
        evaluatePanels(service, dashboard, { ...window, filters }, (err, tile, metric) => logPanelError(request.log, err, tile, metric)),
      );
      return { dashboard, asOf: service.asOf, panels, ...(Object.keys(errors).length ? { errors } : {}) };
    },
  );
};

/**
 * A tile the asked window or filters do not suit (an AppError under 500: the client's input) is
 * the answer's `errors` entry and an info line without a stack; only a real failure is an error.
 */
export function logPanelError(log: FastifyBaseLogger, err: unknown, tile: string, metric: string): void {
  if (err instanceof AppError && err.status < 500) log.info({ tile, metric, code: err.code, reason: err.message }, "dashboard panel refused its input");
  else log.error({ err, tile, metric }, "dashboard panel failed");
}

type PanelQuery = Parameters<MetricsService["evaluate"]>[1];

/** A grain the metric has: the asked one, else the nearest coarser one, else its finest. */
function grainFor(metric: string, grain: Grain): Grain {
  const allowed = getMetric(metric)?.grains ?? [grain];
  if (allowed.includes(grain)) return grain;
  const order: Grain[] = ["hour", "day", "week", "month"];
  return order.slice(order.indexOf(grain)).find((g) => allowed.includes(g)) ?? allowed[0]!;
}

/** Every tile's metrics, concurrently; a failing metric leaves its tile without it and an error message. */
export async function evaluatePanels(
  service: MetricsService,
  dashboard: Dashboard,
  query: PanelQuery,
  onError: (err: unknown, tile: string, metric: string) => void,
): Promise<{ panels: Record<string, MetricAnswer[]>; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const tiles = await Promise.all(
    dashboard.tiles.map(async (tile) => {
      const results = await Promise.all(
        tile.metrics.map((metric) =>
          service
            .evaluate(metric, { ...query, grain: grainFor(metric, query.grain), groupBy: tile.groupBy, limit: tile.limit })
            .catch((err: unknown) => {
              onError(err, tile.id, metric);
              errors[tile.id] = err instanceof AppError && err.status < 500 ? err.message : `${metric}: could not be computed`;
              return null;
            }),
        ),
      );
      return [tile.id, results.filter((r): r is MetricAnswer => r !== null)] as const;
    }),
  );
  return { panels: Object.fromEntries(tiles), errors };
}
