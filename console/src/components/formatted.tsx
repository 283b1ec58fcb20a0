import { Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

type DateInput = string | number | Date | null | undefined;

/** Dates, numbers and durations in the UI language, via Intl (the same rules the browser uses). */
export function formatDateTime(value: DateInput, language: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "medium" }).format(date);
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language, options).format(value);
}

/** 850 ms → "850 ms", 72 s → "1 min 12 s" (or "1分钟12秒"). */
export function formatDuration(ms: number, language: string): string {
  const unit = (value: number, unit: string, digits = 0) =>
    formatNumber(value, language, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: digits });
  if (ms < 1000) return unit(Math.round(ms), "millisecond");
  if (ms < 60_000) return unit(ms / 1000, "second", 1);
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return seconds ? `${unit(minutes, "minute")} ${unit(seconds, "second")}` : unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  return `${unit(hours, "hour")} ${unit(minutes % 60, "minute")}`;
}

/** A timestamp in the UI language, with the exact ISO value on hover. */
export function DateTime({ value }: { value: DateInput }) {
  const { i18n } = useTranslation();
  if (value === null || value === undefined || value === "") return <Typography.Text type="secondary">—</Typography.Text>;
  const iso = new Date(value).toISOString();
  return (
    <Tooltip title={iso}>
      <time dateTime={iso}>{formatDateTime(value, i18n.language)}</time>
    </Tooltip>
  );
}
