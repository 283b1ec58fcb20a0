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
