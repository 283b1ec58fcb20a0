import { type BatchError, MAX_EVENTS_PER_BATCH, validateBatch, type ValidateOptions } from "./events/schema.js";
import type { Wal } from "./lake/wal.js";

/** The body of the `202` answer to `POST /v1/ingest/events`. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: BatchError[];
}

export class BatchTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`events: at most ${MAX_EVENTS_PER_BATCH} events per batch, got ${size}`);
  }
}

/**
 * Validates a batch and appends the good events to the WAL. Resolves once they are fsynced: only
 * then may the caller answer 202. Repeats of recently seen event_ids count as duplicates, not
 * as accepted, and are not written again.
 */
export async function ingestBatch(wal: Wal, events: readonly unknown[], now: Date = new Date(), opts: ValidateOptions = {}): Promise<IngestResult> {
  if (events.length > MAX_EVENTS_PER_BATCH) throw new BatchTooLargeError(events.length);
  const { rows, errors } = validateBatch(events, now, opts);
  const { accepted, duplicates } = rows.length > 0 ? await wal.append(rows) : { accepted: 0, duplicates: 0 };
  return { accepted, rejected: errors.length, duplicates, errors };
}
