import type { TFunction } from "i18next";
import { members, type Dimension, type Grain, type Localized, type MetricResult } from "../../api/types";

export const GRAINS = members<Grain>()(["hour", "day", "week", "month"]);
export const DIMENSIONS = members<Dimension>()(["country", "channel", "device", "tier", "partner"]);

/** `Localized` text in the UI language, English when a translation is missing. */
export function localized(text: Localized | string | undefined, language: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return (language === "zh-CN" ? text["zh-CN"] : text.en) || text.en;
}

/** A cohort grid's column: "Week 3" or "Month 3" by the cohort's own period (not the query's grain). */
export function periodLabeller(t: TFunction, result: MetricResult | undefined): (n: number) => string {
  return (n) => (result?.kind === "cohort" ? t(`metrics.periods.${result.period}`, { n }) : t("metrics.period", { n }));
}
