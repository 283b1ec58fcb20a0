import { BellOutlined, CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, HourglassOutlined, PauseCircleOutlined, StopOutlined } from "@ant-design/icons";
import { Space, Tag, Tooltip } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AlertRule, AlertState } from "../../api/types";
import { formatDateTime } from "../../components/formatted";
import { silenceOf } from "./alert-helpers";

const LOOK: Record<AlertState, { color: string; icon: ReactNode }> = {
  unevaluated: { color: "default", icon: <HourglassOutlined /> },
  ok: { color: "success", icon: <CheckCircleOutlined /> },
  pending: { color: "warning", icon: <ClockCircleOutlined /> },
  firing: { color: "error", icon: <ExclamationCircleOutlined /> },
  resolved: { color: "processing", icon: <CheckCircleOutlined /> },
};

export function AlertStateTag({ state }: { state: AlertState }) {
  const { t } = useTranslation();
  const look = LOOK[state] ?? LOOK.unevaluated;
  return (
    <Tag color={look.color} icon={look.icon} data-testid="alert-state">
      {t(`alerts.states.${state}`)}
    </Tag>
  );
}

/** Muted, snoozed (until when) and disabled, as tags; nothing when the rule is live. */
export function SilenceTags({ rule }: { rule: Pick<AlertRule, "muted" | "snoozedUntil" | "enabled"> }) {
  const { t, i18n } = useTranslation();
  const silence = silenceOf(rule);
  return (
    <Space size={4} wrap>
      {!rule.enabled && <Tag icon={<StopOutlined />}>{t("alerts.silence.disabled")}</Tag>}
      {silence === "muted" && <Tag icon={<BellOutlined />}>{t("alerts.silence.muted")}</Tag>}
      {silence === "snoozed" && (
        <Tooltip title={rule.snoozedUntil}>
          <Tag icon={<PauseCircleOutlined />}>{t("alerts.silence.snoozed", { until: formatDateTime(rule.snoozedUntil, i18n.language) })}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}
