import { useCustom } from "@refinedev/core";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { MetricInfo } from "../../api/types";
import { localized } from "./metric-helpers";

/** `GET /api/metrics`, fetched once a visit: labels, descriptions, units, grains and group-bys of every metric. */
export function useMetricCatalogue() {
  const { i18n } = useTranslation();
  const { result, query } = useCustom<MetricInfo[]>({
    url: "/api/metrics",
    method: "get",
    queryOptions: { staleTime: Infinity, gcTime: Infinity },
    errorNotification: false,
  });
  const metrics = useMemo(() => (Array.isArray(result.data) ? (result.data as MetricInfo[]) : []), [result.data]);
  const byName = useMemo(() => new Map(metrics.map((m) => [m.name, m])), [metrics]);
  const labelOf = useCallback((name: string) => localized(byName.get(name)?.label, i18n.language) || name, [byName, i18n.language]);
  return { metrics, byName, labelOf, isLoading: query.isLoading, error: query.error };
}
