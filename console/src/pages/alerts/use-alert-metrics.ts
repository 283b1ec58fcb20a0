import { useCustom } from "@refinedev/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { MetricInfo } from "../../api/types";
import { localized } from "../metrics/metric-helpers";

/** Metric choices for a rule: the catalogue from `GET /api/metrics` (every alert reader has dashboards:read). */
export function useAlertMetrics(): { options: { value: string; label: string }[]; isLoading: boolean } {
  const { i18n } = useTranslation();
  const { result, query } = useCustom<MetricInfo[]>({
    url: "/api/metrics",
    method: "get",
    queryOptions: { staleTime: Infinity, retry: false },
    errorNotification: false,
  });
  const options = useMemo(() => {
    const catalogue = Array.isArray(result.data) ? (result.data as MetricInfo[]) : [];
    return catalogue.map((m) => {
      const label = localized(m.label, i18n.language);
      return { value: m.name, label: label ? `${label} (${m.name})` : m.name };
    });
  }, [result.data, i18n.language]);
  return { options, isLoading: query.isLoading };
}
