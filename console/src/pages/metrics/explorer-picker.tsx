import { Flex, Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { MetricInfo } from "../../api/types";
import { localized } from "./metric-helpers";

interface Props {
  metrics: MetricInfo[];
  loading: boolean;
  metric: string;
  groupBy: string | undefined;
  chart: string;
  charts: readonly string[];
  onChange: (changes: Record<string, string | undefined>) => void;
}

/** Which metric, split by what, drawn how. */
export function ExplorerPicker({ metrics, loading, metric, groupBy, chart, charts, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const info = metrics.find((m) => m.name === metric);
  const groupBys = info?.groupBys ?? [];
  return (
    <Flex wrap gap={8} align="center">
      <Select
        showSearch
        aria-label={t("metrics.metric")}
        data-testid="metric-select"
        placeholder={t("metrics.pickMetric")}
        loading={loading}
        value={metric || undefined}
        style={{ minWidth: 280 }}
        optionFilterProp="search"
        onChange={(name: string) => {
          const next = metrics.find((m) => m.name === name);
          // a group-by the new metric cannot do would only be dropped by the api
          onChange({ metric: name, groupBy: groupBy && next?.groupBys.includes(groupBy as never) ? groupBy : undefined });
        }}
        options={metrics.map((m) => ({
          value: m.name,
          search: `${m.name} ${m.label.en} ${m.label["zh-CN"]}`,
          label: (
            <span>
              {localized(m.label, i18n.language)} <code style={{ opacity: 0.6, fontSize: 12 }}>{m.name}</code>
            </span>
          ),
        }))}
      />
      <Select
        aria-label={t("metrics.groupBy")}
        data-testid="group-by-select"
        placeholder={t("metrics.groupBy")}
        allowClear
        disabled={!groupBys.length}
        value={groupBy}
        style={{ width: 160 }}
        onChange={(value?: string) => onChange({ groupBy: value })}
        options={groupBys.map((d) => ({ value: d, label: t("metrics.groupByDimension", { dimension: t(`metrics.dimensions.${d}`) }) }))}
      />
      {(!info || info.kind === "series") && (
        <Segmented
          aria-label={t("metrics.chart")}
          value={chart}
          onChange={(value) => onChange({ chart: value === "line" ? undefined : value })}
          options={charts.map((c) => ({ value: c, label: t(`metrics.charts.${c}`) }))}
        />
      )}
    </Flex>
  );
}
