/**
 * Result equality across engines: DuckDB gives dates as 'YYYY-MM-DD', counts as numbers and
 * DECIMAL as strings with the column's scale; PostgreSQL (pg) gives numeric and bigint as strings.
 * Rows are compared cell by cell after putting every value in one canonical text form.
 */

export type ResultRow = Record<string, unknown>;

function canonicalNumber(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const [int = "0", frac = ""] = text.replace(/^-/, "").split(".");
  const f = frac.replace(/0+$/, "");
  const i = int.replace(/^0+(?=\d)/, "");
  const sign = text.startsWith("-") && (i !== "0" || f) ? "-" : "";
  return `${sign}${i}${f ? `.${f}` : ""}`;
}

export function canonicalCell(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof Date) return v.toISOString().replace("T00:00:00.000Z", "");
  if (typeof v === "number" || typeof v === "bigint") return canonicalNumber(String(v));
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}([ T]00:00:00(\.0+)?(Z|\+00(:00)?)?)?$/.test(v) ? v.slice(0, 10) : canonicalNumber(v);
  return JSON.stringify(v);
}

/** Rows as arrays of canonical cells in `columns` order (row order kept: the queries order their output). */
export function canonicalRows(rows: readonly ResultRow[], columns: readonly string[]): string[][] {
  return rows.map((r) => columns.map((c) => canonicalCell(r[c])));
}

export interface Comparison {
  equal: boolean;
  /** The first difference, for the bench's detail column. */
  diff?: string;
}

export function compareResults(a: readonly ResultRow[], b: readonly ResultRow[], columns: readonly string[], labels: [string, string] = ["a", "b"]): Comparison {
  const ca = canonicalRows(a, columns);
  const cb = canonicalRows(b, columns);
  if (ca.length !== cb.length) return { equal: false, diff: `${labels[0]} has ${ca.length} rows, ${labels[1]} ${cb.length}` };
  for (let i = 0; i < ca.length; i++) {
    const ra = (ca[i] as string[]).join(" | ");
    const rb = (cb[i] as string[]).join(" | ");
    if (ra !== rb) return { equal: false, diff: `row ${i}: ${labels[0]} [${ra}] vs ${labels[1]} [${rb}]` };
  }
  return { equal: true };
}
