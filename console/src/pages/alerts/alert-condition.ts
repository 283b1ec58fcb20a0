import type { TFunction } from "i18next";
import type { AlertRule } from "../../api/types";

/** One line saying what the rule watches for, in the UI language. */
export function conditionSummary(rule: Pick<AlertRule, "metric" | "kind" | "operator" | "threshold" | "comparison" | "sensitivity" | "forMinutes">, t: TFunction): string {
  const base =
    rule.kind === "anomaly"
      ? t("alerts.summary.anomaly", { direction: t(`alerts.directions.${rule.operator}`), sensitivity: t(`alerts.sensitivities.${rule.sensitivity ?? "medium"}`) })
      : rule.kind === "pct_change"
        ? t("alerts.summary.pct_change", { op: t(`alerts.operators.${rule.operator}`), threshold: rule.threshold, comparison: t(`alerts.comparisons.${rule.comparison ?? "previous_period"}`) })
        : t("alerts.summary.threshold", { op: t(`alerts.operators.${rule.operator}`), threshold: rule.threshold });
  return rule.forMinutes > 0 ? `${base} · ${t("alerts.summary.for", { count: rule.forMinutes })}` : base;
}
