import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { DIMENSIONS, GRAINS, MAX_DIMENSION_VALUES, UNITS, type Dimension, type Filters, type Grain } from "@ist/warehouse";
import { AppError } from "../../errors";
import { validationFieldIssues, type ValidationItem } from "../../lib/issues";

/**
 * The query string of `GET /api/metrics/:name` and `GET /api/dashboards/:slug`: a window
 * (`from` inclusive, `to` exclusive; a date means that day's midnight in REPORTING_TZ, an instant
 * needs a zone), a grain, a group-by and one filter per dimension (`country=CN,US`: any of them).
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
/** Earliest and latest years a window may name: older dates are typos, not history. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** A real calendar day (no 2026-02-30) within [MIN_YEAR, MAX_YEAR]. */
function realDay(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Strict: a date or an instant is accepted only as written, never rolled over by `Date.parse`
 * (which reads 2026-02-30 as March 2nd and "0000-01-01" as year 0).
 */
export function strictWhen(v: string): string | null {
  const day = DAY_RE.exec(v);
  if (day) return realDay(Number(day[1]), Number(day[2]), Number(day[3])) ? null : `must be a real calendar day between ${MIN_YEAR} and ${MAX_YEAR}`;
  const t = INSTANT_RE.exec(v);
  if (!t) return "must be a date (YYYY-MM-DD) or an ISO-8601 instant with a zone";
  const [, y, mo, d, h, mi, sec, , oh, om] = t;
  if (!realDay(Number(y), Number(mo), Number(d))) return `must be a real calendar day between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59) return "must be a real time of day (hours 00–23, minutes and seconds 00–59)";
  if (oh !== undefined && (Number(oh) > 14 || Number(om) > 59)) return "must have a zone offset between -14:00 and +14:00";
  return null;
}

const when = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = strictWhen(v);
    if (problem) ctx.addIssue({ code: "invalid_format", format: "date", message: problem });
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

export const DimensionParams = z.object({ dimension: z.enum(DIMENSIONS) });
export type DimensionParams = z.infer<typeof DimensionParams>;
export const DimensionValuesQuery = z.object({
  q: z.string().trim().max(100).optional().describe("keep the values containing this, in any case"),
  limit: z.coerce.number().int().min(1).max(MAX_DIMENSION_VALUES).optional().describe("at most this many (default 50)"),
});
export type DimensionValuesQuery = z.infer<typeof DimensionValuesQuery>;
export const DimensionValuesDto = z.object({
  dimension: z.enum(DIMENSIONS),
  values: z.array(z.object({ value: z.string(), users: z.number().describe("users with the value") })),
});

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
    total: z.object({
      value: num,
      previous: num,
      change: num.describe("against the previous period of the same length, as changeKind says; null when there is nothing to compare with"),
      changeKind: z.enum(["relative", "points"]).describe("relative: (value − previous) / |previous|; points: value − previous (percentage points for percent units, points for scores)"),
      previousData: z.enum(["full", "partial", "none"]).describe("how much of the previous period lies within the lake's data; partial or none leave change null"),
    }),
    series: z.array(z.object({ group: z.string().nullable(), points: z.array(z.object({ t: z.string(), value: num })) })),
  }),
  z.object({ ...answerBase, kind: z.literal("funnel"), steps: z.array(z.object({ key: z.string(), label: Localized, value: z.number(), rate: num })) }),
  z.object({
    ...answerBase,
    kind: z.literal("cohort"),
    period: z.enum(["week", "month"]).describe("what a column is: the k-th week or month after the signup period"),
    cohorts: z.array(z.object({ cohort: z.string(), size: z.number(), values: z.array(num) })) }),
  z.object({
    ...answerBase,
    kind: z.literal("table"),
    columns: z.array(z.object({ key: z.string(), label: Localized, unit: Unit.optional() })),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  }),
]);
