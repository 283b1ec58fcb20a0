import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listMetrics } from "@ist/warehouse";
import type { AppDeps } from "../../app";
import { authed } from "../../lib/responses";
import {
  DimensionParams,
  DimensionValuesDto,
  DimensionValuesQuery,
  filtersOf,
  MetricAnswerDto,
  MetricInfoDto,
  MetricParams,
  MetricQueryString,
  rejectInvalidQuery,
} from "./metrics.schemas";
import { metricsServiceFor } from "./metrics.service";
import { requireUser } from "../../plugins/auth";
import { analyticsGateFor, checkWindow } from "./analytics-limits";

/** The metric catalogue and one metric's values: `GET /api/metrics`, `GET /api/metrics/:name`. */
export const metricsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const service = metricsServiceFor(app.warehouse, deps.config.REPORTING_TZ, app.log.child({ module: "metrics" }));
  const tags = ["metrics"];
  const catalogue = listMetrics();
  const gate = analyticsGateFor(app.warehouse, { perUser: deps.config.ANALYTICS_CONCURRENCY_PER_USER, queuePerUser: deps.config.ANALYTICS_QUEUE_PER_USER });

  app.get(
    "/api/metrics",
    { config: { access: "dashboards:read" }, schema: { tags, description: "Every metric: labels, exact definition, unit, kind, grains and group-bys.", response: { 200: z.array(MetricInfoDto), ...authed() } } },
    async () => catalogue,
  );

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
        response: { 200: MetricAnswerDto, ...authed(400, 404, 429) },
      },
    },
    async (request) => {
      rejectInvalidQuery(request);
      const { name } = request.params;
      const q = request.query;
      const window = service.window(q, { preset: "last_30_days", grain: "day" });
      checkWindow(window, service.zone, deps.config.ANALYTICS_MAX_BUCKETS);
      const filters = await service.canonicalFilters(filtersOf(q));
      return gate.run(requireUser(request).id, () => service.evaluate(name, { ...window, groupBy: q.groupBy, filters, limit: q.limit }));
    },
  );

  app.get(
    "/api/dimensions/:dimension/values",
    {
      config: { access: "dashboards:read" },
      attachValidation: true,
      schema: {
        tags,
        params: DimensionParams,
        querystring: DimensionValuesQuery,
        description: "The values a filter (country, channel, device, tier, partner) takes in the data, most users first; `q` keeps those containing it in any case.",
        response: { 200: DimensionValuesDto, ...authed(400) },
      },
    },
    async (request) => {
      rejectInvalidQuery(request);
      const { dimension } = request.params;
      const values = await service.dimensionValues(dimension, { search: request.query.q, limit: request.query.limit });
      return { dimension, values };
    },
  );
};
