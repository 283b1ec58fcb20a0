import { UnrecoverableError } from "bullmq";
import { compactLake, listDays, LockBusyError, type CompactDayResult } from "@ist/warehouse";
import type { LakeCompactPayload } from "./contract";
import type { ProcessorContext } from "../context";
import { percentOf } from "../run-policy";

export interface CompactResult {
  days: number;
  /** days whose parts were merged into one file */
  compacted: number;
  filesIn: number;
  rowsIn: number;
  rowsOut: number;
  duplicatesDropped: number;
  /** set when another compaction held the lake's lock: this run did nothing, the next one will */
  skipped?: string;
}

/** Days per compactLake call: the lock is taken per chunk, and progress moves between chunks. */
const CHUNKS = 20;

/**
 * Merges each day's small Parquet parts and drops duplicate event_ids (warehouse `compactLake`).
 * One compaction at a time across processes: the lake's lock file decides, and a run that finds
 * it taken ends as skipped rather than failing. Readers see the merged files at their next query.
 */
export async function compact(ctx: ProcessorContext<LakeCompactPayload>): Promise<CompactResult> {
  const lakeDir = ctx.config.lakeDir;
  if (!lakeDir) throw new UnrecoverableError("lake/compact: the worker has no lakeDir configured");
  const dts = ctx.payload.dts ?? (await listDays(lakeDir));
  const results: CompactDayResult[] = [];
  const size = Math.max(1, Math.ceil(dts.length / CHUNKS));
  let skipped: string | undefined;
  for (let i = 0; i < dts.length; i += size) {
    try {
      results.push(...(await compactLake({ lakeDir, dts: dts.slice(i, i + size) })));
    } catch (err) {
      if (!(err instanceof LockBusyError)) throw err;
      skipped = `another compaction (pid ${err.ownerPid}) holds the lake's lock`;
      break;
    }
    await ctx.progress(percentOf(Math.min(i + size, dts.length), dts.length));
  }
  const merged = results.filter((r) => r.file !== null);
  const result: CompactResult = {
    days: dts.length,
    compacted: merged.length,
    filesIn: merged.reduce((a, r) => a + r.inputFiles, 0),
    rowsIn: merged.reduce((a, r) => a + r.rowsIn, 0),
    rowsOut: merged.reduce((a, r) => a + r.rowsOut, 0),
    duplicatesDropped: merged.reduce((a, r) => a + r.duplicatesDropped, 0),
    ...(skipped ? { skipped } : {}),
  };
  ctx.log.info(result, skipped ? "lake compaction skipped" : "lake compacted");
  return result;
}
