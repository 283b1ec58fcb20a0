import type { FastifyInstance } from "fastify";
import { listMetrics } from "@ist/warehouse";
import type { AppDeps } from "../../app";
import { filtersOf, MetricParams, MetricQueryString, rejectInvalidQuery } from "./metrics.schemas";
import { metricsServiceFor } from "./metrics.service";

/** The metric catalogue and one metric's values: `GET /api/metrics`, `GET /api/metrics/:name`. */
export async function metricsRoutes(app: FastifyInstance, deps: AppDeps) {
  const service = metricsServiceFor(app.warehouse, deps.config.REPORTING_TZ, app.log.child({ module: "metrics" }));
  const tags = ["metrics"];
  const catalogue = listMetrics();

  app.get("/api/metrics", { config: { access: "dashboards:read" }, schema: { tags, description: "Every metric: labels, exact definition, unit, kind, grains and group-bys." } }, async () => catalogue);

  app.get(
    "/api/metrics/:name",
    {
      config: { access: "dashboards:read" },
      attachValidation: true,
      schema: {
        tags,
        params: MetricParams,
        querystring: MetricQueryString,
        description:
          "A metric over [from, to) (default: the last 30 days at day grain, in REPORTING_TZ) with the previous period of the same length; series, funnel, cohort or table by the metric's kind.",
      },
    },
    async (request) => {
      rejectInvalidQuery(request);
      const { name } = request.params as MetricParams;
      const q = request.query as MetricQueryString;
      const window = service.window(q, { preset: "last_30_days", grain: "day" });
      return service.evaluate(name, { ...window, groupBy: q.groupBy, filters: filtersOf(q), limit: q.limit });
    },
  );
}
