import { DEFAULT_MIN_TIMESTAMP } from "@ist/warehouse";

export { DEFAULT_MIN_TIMESTAMP };

/**
 * INGEST_MIN_TIMESTAMP: a date (`2000-01-01`), an instant with a zone, or `<N>d` (N days before
 * now, e.g. `400d`). The earliest `ts` accepted at `now`; undefined when the value is not one of those.
 */
export function minTimestamp(spec: string, now: Date): Date | undefined {
  const relative = /^(\d{1,6})d$/.exec(spec.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * 86_400_000);
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(spec);
  if (!bareDay && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(spec)) return undefined;
  const ms = Date.parse(bareDay ? `${spec}T00:00:00Z` : spec);
  // Date.parse rolls 2026-02-30 over to March: a day must read back as itself
  if (Number.isNaN(ms) || (bareDay && new Date(ms).toISOString().slice(0, 10) !== spec)) return undefined;
  return new Date(ms);
}
