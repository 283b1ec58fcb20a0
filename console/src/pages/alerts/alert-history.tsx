import { useList } from "@refinedev/core";
import { Card, Empty, Space, Tag, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertEvent, Delivery } from "../../api/types";
import { DateTime, formatNumber } from "../../components/formatted";
import { deliveriesOf, deliveryDetail } from "./alert-helpers";

const COLOR: Record<AlertEvent["kind"], string> = { firing: "red", resolved: "green", test: "blue" };
const DELIVERY_COLOR: Record<Delivery["status"], string> = { sent: "success", skipped: "default", failed: "error" };

interface ContextRows {
  campaignsSent?: { campaignId: string; channel: string; touches: number }[];
  experimentsStarted?: { experimentKey: string; firstExposureAt: string }[];
}

/** The rule's firings, resolutions and tests, newest first, each with its deliveries and context. */
export function AlertHistory({ ruleId }: { ruleId: number }) {
  const { t, i18n } = useTranslation();
  const { result, query } = useList<AlertEvent>({ resource: `alerts/${ruleId}/events`, pagination: { currentPage: 1, pageSize: 50 }, queryOptions: { refetchInterval: 30_000 } });
  const events = result.data ?? [];
  const num = (v: number | null) => (v === null ? "—" : formatNumber(v, i18n.language, { maximumFractionDigits: 4 }));

  return (
    <Card title={t("alerts.sections.history")} size="small" loading={query.isLoading} data-testid="alert-history">
      {events.length === 0 ? (
        <Empty description={t("alerts.history.empty")} />
      ) : (
        <Timeline
          items={events.map((e) => {
            const context = e.context as ContextRows;
            return {
              color: COLOR[e.kind],
              children: (
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Typography.Text strong>{t(`alerts.history.${e.kind}`)}</Typography.Text>
                    <DateTime value={e.at} />
                  </Space>
                  {e.kind !== "test" && (
                    <Typography.Text type="secondary">
                      {t("alerts.history.valueVsBaseline", { value: num(e.value), baseline: num(e.baseline) })}
                    </Typography.Text>
                  )}
                  <Space size={4} wrap>
                    {deliveriesOf(e).map(([channel, d]) => (
                      <Tag key={channel} color={DELIVERY_COLOR[d.status]} title={deliveryDetail(d, t)}>
                        {t(`alerts.channels.${channel}`, { defaultValue: channel })}: {t(`alerts.delivery.${d.status}`)}
                      </Tag>
                    ))}
                  </Space>
                  {context.campaignsSent?.length ? (
                    <Typography.Text type="secondary">
                      {t("alerts.history.campaigns")}: {context.campaignsSent.map((c) => `${c.campaignId} (${c.channel}, ${c.touches})`).join(", ")}
                    </Typography.Text>
                  ) : null}
                  {context.experimentsStarted?.length ? (
                    <Typography.Text type="secondary">
                      {t("alerts.history.experiments")}: {context.experimentsStarted.map((x) => x.experimentKey).join(", ")}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
