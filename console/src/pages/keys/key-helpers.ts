import { members, type KeyKind } from "../../api/types";

export const KEY_KINDS = members<KeyKind>()(["ingest", "sdk"]);

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
