export const KEY_KINDS = ["ingest", "sdk"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** `GET /api/keys` row: the key itself is never listed, only its prefix. */
export interface ApiKey {
  id: number;
  kind: KeyKind;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `POST /api/keys` answer: the only time the key is shown. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface KeyCreateValues {
  name: string;
  kind: KeyKind;
}

/** "in 3 days" / "5 min. ago" / "3天前": the coarsest unit that is at least 1. */
export function relativeTime(value: string, language: string, now = Date.now()): string {
  const seconds = (Date.parse(value) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(language, { numeric: "auto", style: "short" });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(Math.round(seconds), "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), "hour");
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), "day");
  if (abs < 365 * 86_400) return format.format(Math.round(seconds / (30 * 86_400)), "month");
  return format.format(Math.round(seconds / (365 * 86_400)), "year");
}
