import type { FastifyReply } from "fastify";
import { z } from "zod";
import { and, asc, desc, sql, type AnyColumn, type SQL } from "@ist/db";

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

export interface PageRequest {
  _start: number;
  _end?: number;
}

/** How many rows a page asks for: `_end - _start`, capped; `fallback` when `_end` is absent. */
export function pageSize(q: PageRequest, fallback: number, max: number): number {
  return q._end === undefined ? fallback : Math.min(Math.max(q._end - q._start, 0), max);
}

export interface PageSize {
  /** rows when the client names no `_end` */
  fallback: number;
  max: number;
}

export interface Page<R> {
  rows: R[];
  total: number;
}

/** filter → where: the filters that apply (undefined, false, null and "" do not), and-ed. */
export function whereAll(...filters: (SQL | undefined | null | false | "")[]): SQL | undefined {
  const applied = filters.filter((f): f is SQL => Boolean(f));
  return applied.length ? and(...applied) : undefined;
}

/** order: the sort column in the asked direction, then the tie-breakers, so pages never overlap. */
export function orderBy(order: "asc" | "desc", column: AnyColumn | SQL, ...tieBreakers: SQL[]): SQL[] {
  return [(order === "desc" ? desc : asc)(column), ...tieBreakers];
}

/** The page's total as a window count, so one round trip brings the page and the total. */
export const windowTotal = () => sql<number>`count(*) over ()`.mapWith(Number);

/**
 * page + total, in one query: `fetch` selects `total: windowTotal()` with the rows. An empty page
 * past the first row says nothing about the total, so then (only) `count` runs.
 */
export async function pageOverWindow<R extends { total: number }>(
  q: PageRequest,
  size: PageSize,
  fetch: (page: { limit: number; offset: number }) => Promise<R[]>,
  count: () => Promise<number>,
): Promise<Page<Omit<R, "total">>> {
  const limit = pageSize(q, size.fallback, size.max);
  const rows = await fetch({ limit, offset: q._start });
  const strip = rows.map(({ total: _total, ...row }) => row);
  if (rows.length > 0) return { rows: strip, total: rows[0]!.total };
  if (q._start === 0 && limit > 0) return { rows: [], total: 0 };
  return { rows: [], total: await count() };
}

/**
 * page + total as two concurrent queries: for tables that grow without bound (audit log, job
 * runs), where a window count would sort every matching row to hand back one page, while the page
 * alone walks an index and stops.
 */
export async function pageWithCount<R>(q: PageRequest, size: PageSize, fetch: (page: { limit: number; offset: number }) => Promise<R[]>, count: () => Promise<number>): Promise<Page<R>> {
  const [rows, total] = await Promise.all([fetch({ limit: pageSize(q, size.fallback, size.max), offset: q._start }), count()]);
  return { rows, total };
}

/** Sends a page the simple-rest way: the rows as the body, the total in `x-total-count`. */
export function sendPage<R, D = R>(reply: FastifyReply, page: Page<R>, toDto?: (row: R) => D): D[] {
  return withTotal(reply, toDto ? page.rows.map(toDto) : (page.rows as unknown as D[]), page.total);
}

export function withTotal<T>(reply: FastifyReply, rows: T[], total: number): T[] {
  reply.header("x-total-count", String(total)).header("access-control-expose-headers", "x-total-count");
  return rows;
}
