import { Show } from "@refinedev/antd";
import { useShow } from "@refinedev/core";
import { Alert, Descriptions, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRule } from "../../api/types";
import { DateTime, formatNumber } from "../../components/formatted";
import { useSession } from "../../components/use-session";
import { AlertActions } from "./alert-actions";
import { conditionSummary } from "./alert-condition";
import { lastErrorText } from "./alert-helpers";
import { AlertHistory } from "./alert-history";
import { AlertStateTag, SilenceTags } from "./alert-state-tag";
import { useAlertMetrics } from "./use-alert-metrics";

export function AlertShowPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { labelOf } = useAlertMetrics();
  const { query } = useShow<AlertRule>({ queryOptions: { refetchInterval: 30_000 } });
  const rule = query.data?.data;
  const filters = Object.entries(rule?.filters ?? {}).filter(([, v]) => v?.length);

  return (
    <Show title={rule?.name ?? t("alerts.showTitle")} isLoading={query.isLoading}>
      {rule && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          {can("alerts:write") && <AlertActions rule={rule} onChanged={() => void query.refetch()} />}
          {rule.lastError && <Alert type="warning" showIcon message={t("alerts.lastError", { error: lastErrorText(rule.lastError, t) })} />}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t("alerts.fields.state")}>
              <Space>
                <AlertStateTag state={rule.state} />
                {rule.state === "unevaluated" ? <Typography.Text type="secondary">{t("alerts.help.unevaluated")}</Typography.Text> : rule.stateSince && <DateTime value={rule.stateSince} />}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.silence")}>
              <SilenceTags rule={rule} />
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.metric")}>
              <span data-testid="alert-metric">{labelOf(rule.metric)}</span> <Typography.Text code>{rule.metric}</Typography.Text> · {t(`alerts.grains.${rule.grain}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.condition")}>{conditionSummary(rule, t)}</Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.lastValue")}>
              {rule.lastValue === null ? "—" : formatNumber(rule.lastValue, i18n.language, { maximumFractionDigits: 4 })}
              {rule.lastBaseline !== null && rule.kind !== "threshold" && <Typography.Text type="secondary"> ({t("alerts.fields.baseline")}: {formatNumber(rule.lastBaseline, i18n.language, { maximumFractionDigits: 4 })})</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.lastEvaluatedAt")}>
              <DateTime value={rule.lastEvaluatedAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.fields.filters")}>
              {filters.length ? filters.map(([d, v]) => <Tag key={d}>{`${t(`alerts.dimensions.${d}`)}: ${v!.join(", ")}`}</Tag>) : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("alerts.sections.channels")}>
              <Space size={4} wrap>
                {rule.bellRoles.length > 0 && <Tag>{`${t("alerts.channels.bell")}: ${rule.bellRoles.map((r) => t(`roles.${r}`)).join(", ")}`}</Tag>}
                {rule.emailTo.length > 0 && <Tag>{`${t("alerts.channels.email")}: ${rule.emailTo.join(", ")}`}</Tag>}
                {rule.webhookUrl && <Tag>{`${t("alerts.channels.webhook")}: ${new URL(rule.webhookUrl).host}`}</Tag>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <AlertHistory ruleId={rule.id} />
        </Space>
      )}
    </Show>
  );
}
