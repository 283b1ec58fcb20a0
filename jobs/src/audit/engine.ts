export const DEFAULT_AUDIT_RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

/** Rows strictly older than this instant are past retention. */
export function pruneCutoff(asOf: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays <= 0) throw new RangeError(`retentionDays must be a positive integer, got ${retentionDays}`);
  return new Date(asOf.getTime() - retentionDays * DAY_MS);
}

/** The payload's retention wins over the configured one, which wins over the default. */
export function retentionDays(fromPayload: number | undefined, configured: number | undefined): number {
  return fromPayload ?? configured ?? DEFAULT_AUDIT_RETENTION_DAYS;
}
