import type { FastifyInstance } from "fastify";
import { getDashboard, loadDashboards, type Dashboard } from "@ist/dashboards";
import { getMetric, type Grain } from "@ist/warehouse";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { eventStreams } from "../../lib/event-stream";
import { DashboardParams, DashboardQueryString, filtersOf, rejectInvalidQuery } from "../metrics/metrics.schemas";
import { metricsServiceFor, type MetricAnswer, type MetricsService } from "../metrics/metrics.service";

/**
 * Dashboards as code, evaluated: the list, one dashboard with every tile's results (all metrics
 * at once; the pool runs two at a time), and an event stream that says when new data landed.
 */
export async function dashboardsRoutes(app: FastifyInstance, deps: AppDeps) {
  const service = metricsServiceFor(app.warehouse, deps.config.REPORTING_TZ, app.log.child({ module: "metrics" }));
  const tags = ["dashboards"];
  const stream = eventStreams(app);

  app.get("/api/dashboards", { config: { access: "dashboards:read" }, schema: { tags } }, async () =>
    loadDashboards().map((d) => ({ slug: d.slug, title: d.title, ...(d.description ? { description: d.description } : {}), tiles: d.tiles.length })),
  );

  app.get("/api/dashboards/stream", { config: { access: "dashboards:read" }, sse: { kind: "only" }, schema: { tags, hide: true } }, (request, reply) =>
    // `ready` carries how fresh the data is; `data` follows every flush that landed events
    stream(request, reply, { ready: { asOf: service.asOf }, source: service, event: "data", toData: (asOf) => ({ asOf }) }),
  );

  app.get(
    "/api/dashboards/:slug",
    {
      config: { access: "dashboards:read" },
      attachValidation: true,
      schema: { tags, params: DashboardParams, querystring: DashboardQueryString, description: "The dashboard definition and every tile's metric results; default window and grain: the dashboard's own." },
    },
    async (request) => {
      rejectInvalidQuery(request);
      const { slug } = request.params as DashboardParams;
      const dashboard = getDashboard(slug);
      if (!dashboard) throw AppError.notFound("dashboard", slug);
      const q = request.query as DashboardQueryString;
      const window = service.window(q, { preset: dashboard.defaults.preset, grain: dashboard.defaults.grain });
      const { panels, errors } = await evaluatePanels(service, dashboard, { ...window, filters: filtersOf(q) }, (err, tile, metric) =>
        request.log.error({ err, tile, metric }, "dashboard panel failed"),
      );
      return { dashboard, asOf: service.asOf, panels, ...(Object.keys(errors).length ? { errors } : {}) };
    },
  );
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
