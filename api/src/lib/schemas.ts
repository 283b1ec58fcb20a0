import { z } from "zod";

/**
 * Input primitives every route module's schemas share, so a value the database cannot hold is a
 * 400 naming the field, never a 500 from PostgreSQL: ids within their column's range (int4 for
 * most tables, bigint for the ever-growing ones), strings without NUL (PostgreSQL's text and
 * jsonb refuse U+0000) and with a maximum length.
 */

/** PostgreSQL `integer` (int4) */
export const PG_INT_MAX = 2_147_483_647;
/** a `bigint` column read in `mode: "number"` holds what a JS number holds exactly */
export const PG_BIGINT_MAX = Number.MAX_SAFE_INTEGER;

/** The field issue code of a string holding U+0000, from a schema or from the request-wide check (lib/validation.ts). */
export const NUL_CODE = "nul_character";
export const NUL_MESSAGE = "must not contain NUL (U+0000) characters";

const noNul = (s: string) => !s.includes("\u0000");

/** A string without NUL and at most `max` characters (trimmed first when `trim`). */
export function text(max: number, opts: { min?: number; minMessage?: string; trim?: boolean } = {}) {
  let s = z.string();
  if (opts.trim) s = s.trim();
  if (opts.min !== undefined) s = s.min(opts.min, opts.minMessage);
  return s.max(max).refine(noNul, { message: NUL_MESSAGE, params: { code: NUL_CODE } });
}

/** The written day exists (Date.parse rolls 2026-02-30 over to March 2) and the year is one PostgreSQL reads (no year 0). */
function realDay(v: string): boolean {
  const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An ISO-8601 instant with a zone, on a day that exists, in a year from 1 to 9999. */
export const instant = z.iso.datetime({ offset: true }).refine(realDay, { message: "must be a real date (year 0001–9999)", params: { code: "invalid_date" } });

/** An id of an int4 identity column, from a path or a query string. */
export const id = z.coerce.number().int().positive().max(PG_INT_MAX);
/** An id of a bigint identity column (audit log, job runs, notifications, alert events). */
export const bigId = z.coerce.number().int().positive().max(PG_BIGINT_MAX);

/** `?id=1&id=2` or `?id=1`: always a list. */
export const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).max(500)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** `/:id` of an int4 table */
export const IdParams = z.object({ id });
export type IdParams = z.infer<typeof IdParams>;
/** `/:id` of a bigint table */
export const BigIdParams = z.object({ id: bigId });
export type BigIdParams = z.infer<typeof BigIdParams>;
