import { BellOutlined } from "@ant-design/icons";
import { useCustom } from "@refinedev/core";
import { Badge, Button, Dropdown, Empty, List, Space, Typography, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { apiFetch } from "../providers/http";
import { DateTime } from "./formatted";

export interface BellItem {
  id: number;
  eventId: number;
  ruleId: number;
  ruleName: string;
  metric: string;
  kind: "firing" | "resolved" | "test";
  value: number | null;
  readAt: string | null;
  at: string;
}

/** Every 30 s: alerts are evaluated once a minute, so a firing shows up within half an evaluation. */
export const BELL_POLL_MS = 30_000;

/** The header's bell: unread count, the latest notifications, click-through to the rule. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { result, query } = useCustom<{ unread: number; items: BellItem[] }>({
    url: "/api/notifications",
    method: "get",
    config: { query: { _start: 0, _end: 10 } },
    queryOptions: { refetchInterval: BELL_POLL_MS, refetchIntervalInBackground: false },
    errorNotification: false,
  });
  const unread = result.data?.unread ?? 0;
  const items = result.data?.items ?? [];

  const read = async (item: BellItem) => {
    setOpen(false);
    if (!item.readAt) await apiFetch(`/api/notifications/${item.id}/read`, { method: "POST" }).catch(() => undefined);
    void query.refetch();
    navigate(`/alerts/show/${item.ruleId}`);
  };
  const readAll = async () => {
    await apiFetch("/api/notifications/read-all", { method: "POST" }).catch(() => undefined);
    void query.refetch();
  };

  const panel = (
    <div style={{ width: 360, background: token.colorBgElevated, borderRadius: token.borderRadiusLG, boxShadow: token.boxShadowSecondary }} data-testid="notification-panel">
      <Space style={{ width: "100%", justifyContent: "space-between", padding: "8px 12px" }}>
        <Typography.Text strong>{t("bell.title")}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void readAll()}>
          {t("bell.markAllRead")}
        </Button>
      </Space>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("bell.empty")} style={{ paddingBottom: 16 }} />
      ) : (
        <List<BellItem>
          size="small"
          dataSource={items}
          style={{ maxHeight: 400, overflowY: "auto" }}
          renderItem={(item) => (
            <List.Item onClick={() => void read(item)} style={{ cursor: "pointer", padding: "8px 12px", background: item.readAt ? undefined : token.colorPrimaryBg }}>
              <List.Item.Meta
                title={t(`bell.${item.kind}`, { rule: item.ruleName })}
                description={
                  <Space size={4} wrap>
                    <Typography.Text code>{item.metric}</Typography.Text>
                    <DateTime value={item.at} />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={["click"]} placement="bottomRight" popupRender={() => panel}>
      <Button type="text" aria-label={t("bell.label", { count: unread })} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
