import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { DIMENSIONS, GRAINS, UNITS, type Dimension, type Filters, type Grain } from "@ist/warehouse";
import { AppError } from "../../errors";
import { validationFieldIssues, type ValidationItem } from "../../lib/issues";

/**
 * The query string of `GET /api/metrics/:name` and `GET /api/dashboards/:slug`: a window
 * (`from` inclusive, `to` exclusive; a date means that day's midnight in REPORTING_TZ, an instant
 * needs a zone), a grain, a group-by and one filter per dimension (`country=CN,US`: any of them).
 */

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const when = z
  .string()
  .trim()
  .refine((v) => (DAY_RE.test(v) || INSTANT_RE.test(v)) && !Number.isNaN(Date.parse(DAY_RE.test(v) ? `${v}T00:00:00Z` : v)), {
    message: "must be a date (YYYY-MM-DD) or an ISO-8601 instant with a zone",
  });

const filterValues = z
  .string()
  .max(1_000)
  .transform((v) => [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))])
  .refine((v) => v.length <= 50, { message: "at most 50 values" });

const filterShape = Object.fromEntries(DIMENSIONS.map((d) => [d, filterValues.optional()])) as Record<Dimension, z.ZodOptional<typeof filterValues>>;

export const MetricQueryString = z.object({
  from: when.optional(),
  to: when.optional(),
  grain: z.enum(GRAINS).optional(),
  groupBy: z.enum(DIMENSIONS).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  ...filterShape,
});
export type MetricQueryString = z.infer<typeof MetricQueryString>;

export const DashboardQueryString = MetricQueryString.omit({ groupBy: true, limit: true });
export type DashboardQueryString = z.infer<typeof DashboardQueryString>;

export const MetricParams = z.object({ name: z.string().min(1).max(100) });
export type MetricParams = z.infer<typeof MetricParams>;
export const DashboardParams = z.object({ slug: z.string().min(1).max(100) });
export type DashboardParams = z.infer<typeof DashboardParams>;

export function filtersOf(q: Partial<Record<Dimension, string[]>>): Filters {
  const filters: Filters = {};
  for (const d of DIMENSIONS) if (q[d]?.length) filters[d] = q[d];
  return filters;
}

export interface WindowInput {
  from?: string;
  to?: string;
  grain?: Grain;
}

/**
 * The routes here validate with `attachValidation` so a bad parameter is reported as
 * `query.<name>: …`, the same way the metric's own checks (grain, group-by) name it.
 */
export function rejectInvalidQuery(request: FastifyRequest): void {
  const error = request.validationError as (Error & { validation?: ValidationItem[]; validationContext?: string }) | undefined;
  if (!error) return;
  const where = error.validationContext === "querystring" ? "query" : (error.validationContext ?? "query");
  const fields = validationFieldIssues(error.validation ?? [], where);
  throw AppError.validation(fields.length ? fields : [{ code: "invalid", path: where, message: error.message }]);
}

const Localized = z.object({ en: z.string(), "zh-CN": z.string() });
const Unit = z.enum(UNITS);

/** One catalogue entry (`GET /api/metrics`). */
export const MetricInfoDto = z.object({
  name: z.string(),
  label: Localized,
  description: Localized,
  unit: Unit,
  kind: z.enum(["series", "funnel", "cohort", "table"]),
  grains: z.array(z.enum(GRAINS)),
  groupBys: z.array(z.enum(DIMENSIONS)),
  goodDirection: z.enum(["up", "down"]).optional().describe("which way is good news; absent means up"),
  currency: z.string().optional().describe("ISO currency of a currency metric"),
});

const answerBase = {
  name: z.string(),
  unit: Unit,
  grain: z.enum(GRAINS),
  from: z.string().describe("the window actually evaluated (day grains: whole reporting-zone days)"),
  to: z.string(),
  currency: z.string().optional(),
  asOf: z.string().describe("how fresh the data is: the newest flush the answer saw"),
};
const num = z.number().nullable();

/** One metric's values over a window, shaped by its kind. */
export const MetricAnswerDto = z.discriminatedUnion("kind", [
  z.object({
    ...answerBase,
    kind: z.literal("series"),
    total: z.object({ value: num, previous: num, change: num }),
    series: z.array(z.object({ group: z.string().nullable(), points: z.array(z.object({ t: z.string(), value: num })) })),
  }),
  z.object({ ...answerBase, kind: z.literal("funnel"), steps: z.array(z.object({ key: z.string(), label: Localized, value: z.number(), rate: num })) }),
  z.object({ ...answerBase, kind: z.literal("cohort"), cohorts: z.array(z.object({ cohort: z.string(), size: z.number(), values: z.array(num) })) }),
  z.object({
    ...answerBase,
    kind: z.literal("table"),
    columns: z.array(z.object({ key: z.string(), label: Localized, unit: Unit.optional() })),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  }),
]);
