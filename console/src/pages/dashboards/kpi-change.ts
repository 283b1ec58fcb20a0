import type { TFunction } from "i18next";
import type { SeriesResult } from "../../api/types";
import { formatChange } from "../../components/charts/format-value";

/** A number with its sign ("+12.3", "-4", "0"), in the UI language. */
function signed(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

/**
 * A KPI's change as words: relative for amounts ("+5.2%"), percentage points for rates ("+12.3 pp"),
 * points for scores ("+133.3 pts"), and "no earlier data" where the previous period lies before the
 * lake's data (a change against an empty period read +520,464.9 %).
 */
export function changeText(result: Pick<SeriesResult, "total" | "unit">, t: TFunction, language: string): { text: string; comparable: boolean } {
  const { change, changeKind, previousData } = result.total;
  if (previousData === "none") return { text: t("dashboards.change.noEarlierData"), comparable: false };
  if (previousData === "partial") return { text: t("dashboards.change.partialEarlierData"), comparable: false };
  if (change === null || !Number.isFinite(change)) return { text: "—", comparable: true };
  if (changeKind === "points") {
    return result.unit === "percent"
      ? { text: t("dashboards.change.percentPoints", { value: signed(Math.round(change * 1000) / 10, language) }), comparable: true }
      : { text: t("dashboards.change.points", { value: signed(change, language) }), comparable: true };
  }
  return { text: formatChange(change, language), comparable: true };
}
