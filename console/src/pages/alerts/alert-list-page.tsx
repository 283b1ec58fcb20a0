import { DeleteButton, EditButton, List, ShowButton, getDefaultSortOrder, useTable } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Link } from "react-router";
import { Space, Table, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRule } from "../../api/types";
import { DateTime, formatNumber } from "../../components/formatted";
import { conditionSummary } from "./alert-condition";
import { lastErrorText } from "./alert-helpers";
import { AlertStateTag, SilenceTags } from "./alert-state-tag";
import { useAlertMetrics } from "./use-alert-metrics";

/** A metric by its label in the UI language, its id beneath for those who write rules by id. */
export function MetricName({ metric, label }: { metric: string; label: string }) {
  return (
    <Tooltip title={metric}>
      <span data-testid="alert-metric">{label}</span>
    </Tooltip>
  );
}

export function AlertListPage() {
  const { t, i18n } = useTranslation();
  const { tableProps, sorters } = useTable<AlertRule, HttpError>({
    syncWithLocation: true,
    sorters: { initial: [{ field: "name", order: "asc" }] },
    // the bell polls; the list follows the minute-by-minute evaluation at the same pace
    queryOptions: { refetchInterval: 30_000 },
  });
  const { labelOf } = useAlertMetrics();
  const sortable = (field: keyof AlertRule) => ({ sorter: true, defaultSortOrder: getDefaultSortOrder(field, sorters) });

  return (
    <List title={t("alerts.title")}>
      <Table<AlertRule> {...tableProps} rowKey="id" size="middle" scroll={{ x: true }}>
        <Table.Column<AlertRule>
          dataIndex="name"
          title={t("alerts.fields.name")}
          {...sortable("name")}
          render={(_, rule) => <Link to={`/alerts/show/${rule.id}`}>{rule.name}</Link>}
        />
        <Table.Column<AlertRule> dataIndex="metric" title={t("alerts.fields.metric")} {...sortable("metric")} render={(m: string) => <MetricName metric={m} label={labelOf(m)} />} />
        <Table.Column<AlertRule> key="condition" title={t("alerts.fields.condition")} render={(_, rule) => <Typography.Text type="secondary">{conditionSummary(rule, t)}</Typography.Text>} />
        <Table.Column<AlertRule>
          dataIndex="state"
          title={t("alerts.fields.state")}
          render={(_, rule) => (
            <Tooltip title={rule.lastError ? lastErrorText(rule.lastError, t) : (rule.state === "unevaluated" ? t("alerts.help.unevaluated") : rule.stateSince ? t("alerts.since", { at: rule.stateSince }) : undefined)}>
              <span>
                <AlertStateTag state={rule.state} />
              </span>
            </Tooltip>
          )}
        />
        <Table.Column<AlertRule>
          dataIndex="lastValue"
          title={t("alerts.fields.lastValue")}
          align="right"
          render={(v: number | null) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : formatNumber(v, i18n.language, { maximumFractionDigits: 4 }))}
        />
        <Table.Column<AlertRule> key="silence" title={t("alerts.fields.silence")} render={(_, rule) => <SilenceTags rule={rule} />} />
        <Table.Column<AlertRule> dataIndex="lastEvaluatedAt" title={t("alerts.fields.lastEvaluatedAt")} render={(v: string | null) => <DateTime value={v} />} />
        <Table.Column<AlertRule>
          key="actions"
          title={t("table.actions")}
          fixed="right"
          render={(_, rule) => (
            <Space>
              <ShowButton hideText size="small" recordItemId={rule.id} />
              <EditButton hideText size="small" recordItemId={rule.id} />
              <DeleteButton hideText size="small" recordItemId={rule.id} confirmTitle={t("alerts.deleteConfirm", { name: rule.name })} />
            </Space>
          )}
        />
      </Table>
    </List>
  );
}
