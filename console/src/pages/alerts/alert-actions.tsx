import { BellOutlined, DownOutlined, ExperimentOutlined, PauseCircleOutlined } from "@ant-design/icons";
import { useCustomMutation } from "@refinedev/core";
import { Button, Dropdown, Space } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRule } from "../../api/types";
import { formatDateTime } from "../../components/formatted";
import { silenceOf } from "./alert-helpers";

const SNOOZES = [
  { key: "1h", ms: 3_600_000 },
  { key: "4h", ms: 4 * 3_600_000 },
  { key: "1d", ms: 86_400_000 },
  { key: "1w", ms: 7 * 86_400_000 },
] as const;

/** Mute, snooze and a test notification: the switches an operator flips during an incident. */
export function AlertActions({ rule, onChanged }: { rule: AlertRule; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { mutate, mutation } = useCustomMutation<AlertRule>();
  const post = (path: string, values: object, message: string) =>
    mutate(
      { url: `/api/alerts/${rule.id}/${path}`, method: "post", values, successNotification: { type: "success", message }, errorNotification: (e) => ({ type: "error", message: e?.message ?? "" }) },
      { onSuccess: onChanged },
    );
  const snooze = (ms: number) => {
    const until = new Date(Date.now() + ms).toISOString();
    post("snooze", { until }, t("alerts.actions.snoozed", { until: formatDateTime(until, i18n.language) }));
  };
  const snoozed = silenceOf({ muted: false, snoozedUntil: rule.snoozedUntil }) === "snoozed";

  return (
    <Space wrap>
      <Button icon={<BellOutlined />} loading={mutation.isPending} onClick={() => post("mute", { muted: !rule.muted }, t(rule.muted ? "alerts.actions.unmuted" : "alerts.actions.muted"))}>
        {t(rule.muted ? "alerts.actions.unmute" : "alerts.actions.mute")}
      </Button>
      {snoozed ? (
        <Button icon={<PauseCircleOutlined />} onClick={() => post("snooze", { until: null }, t("alerts.actions.unsnoozed"))}>
          {t("alerts.actions.unsnooze")}
        </Button>
      ) : (
        <Dropdown menu={{ items: SNOOZES.map((s) => ({ key: s.key, label: t(`alerts.actions.snooze${s.key}`) })), onClick: ({ key }) => snooze(SNOOZES.find((s) => s.key === key)!.ms) }}>
          <Button icon={<PauseCircleOutlined />}>
            {t("alerts.actions.snooze")} <DownOutlined />
          </Button>
        </Dropdown>
      )}
      <Button icon={<ExperimentOutlined />} onClick={() => post("test", {}, t("alerts.actions.testQueued"))}>
        {t("alerts.actions.test")}
      </Button>
    </Space>
  );
}
