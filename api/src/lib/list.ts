import type { FastifyReply } from "fastify";
import { z } from "zod";

/**
 * Refine simple-rest list conventions, shared by every list route: `_start`, `_end`, `_sort`,
 * `_order`, and the total in `x-total-count`.
 */
export function listQuery<const S extends readonly [string, ...string[]]>(sorts: S, defaults: { sort: S[number]; order: "asc" | "desc" }) {
  return z.object({
    _start: z.coerce.number().int().min(0).default(0),
    _end: z.coerce.number().int().min(0).optional(),
    _sort: z.enum(sorts).default(defaults.sort as never),
    _order: z
      .enum(["asc", "desc", "ASC", "DESC"])
      .default(defaults.order)
      .transform((v) => v.toLowerCase() as "asc" | "desc"),
  });
}

/** How many rows a page asks for: `_end - _start`, capped; `fallback` when `_end` is absent. */
export function pageSize(q: { _start: number; _end?: number }, fallback: number, max: number): number {
  return q._end === undefined ? fallback : Math.min(Math.max(q._end - q._start, 0), max);
}

export function withTotal<T>(reply: FastifyReply, rows: T[], total: number): T[] {
  reply.header("x-total-count", String(total)).header("access-control-expose-headers", "x-total-count");
  return rows;
}
