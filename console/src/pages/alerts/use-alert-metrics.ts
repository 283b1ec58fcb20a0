import { useCustom } from "@refinedev/core";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { MetricInfo } from "../../api/types";
import { localized } from "../metrics/metric-helpers";
import { alertGrainsOf } from "./alert-helpers";

export interface AlertMetrics {
  /** the time series a rule can watch, labelled in the UI language */
  options: { value: string; label: string }[];
  isLoading: boolean;
  /** the catalogue entry of a metric, if the catalogue has it */
  find(name: string | undefined): MetricInfo | undefined;
  /** "Daily active users (DAU)" for `daily_active_users`; the id itself when the catalogue lacks it */
  labelOf(name: string): string;
  /** the grains a rule on this metric may use (the api refuses others) */
  grainsOf(name: string | undefined): ReturnType<typeof alertGrainsOf>;
}

/** The catalogue from `GET /api/metrics` (every alert reader has dashboards:read): metric labels and grains. */
export function useAlertMetrics(): AlertMetrics {
  const { i18n } = useTranslation();
  const { result, query } = useCustom<MetricInfo[]>({
    url: "/api/metrics",
    method: "get",
    queryOptions: { staleTime: Infinity, retry: false },
    errorNotification: false,
  });
  const catalogue = useMemo(() => (Array.isArray(result.data) ? (result.data as MetricInfo[]) : []), [result.data]);
  const byName = useMemo(() => new Map(catalogue.map((m) => [m.name, m])), [catalogue]);
  const labelOf = useCallback((name: string) => localized(byName.get(name)?.label, i18n.language) || name, [byName, i18n.language]);
  const options = useMemo(
    () =>
      catalogue
        .filter((m) => m.kind === "series")
        .map((m) => {
          const label = localized(m.label, i18n.language);
          return { value: m.name, label: label ? `${label} (${m.name})` : m.name };
        }),
    [catalogue, i18n.language],
  );
  const find = useCallback((name: string | undefined) => (name ? byName.get(name) : undefined), [byName]);
  const grainsOf = useCallback((name: string | undefined) => {
    const m = name ? byName.get(name) : undefined;
    return m ? alertGrainsOf(m.grains) : [];
  }, [byName]);
  return { options, isLoading: query.isLoading, find, labelOf, grainsOf };
}
