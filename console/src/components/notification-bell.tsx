import { BellOutlined } from "@ant-design/icons";
import { useCustom } from "@refinedev/core";
import { Badge, Button, Dropdown, Empty, List, Space, Typography, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Notification } from "../api/types";
import { apiFetch } from "../providers/http";
import { DateTime } from "./formatted";

/** One notification of any domain (`GET /api/notifications`); the alert fields are null for other kinds. */
export type BellItem = Notification;

const ALERT_KINDS = new Set(["alert.firing", "alert.resolved", "alert.test"]);

/** Alert kinds read as before, in the console's language; any other kind shows its own title and body. */
function BellLine({ item }: { item: BellItem }) {
  const { t } = useTranslation();
  if (ALERT_KINDS.has(item.kind) && item.ruleName !== null) {
    return (
      <List.Item.Meta
        title={t(`bell.${item.kind.slice("alert.".length)}`, { rule: item.ruleName })}
        description={
          <Space size={4} wrap>
            {item.metric && <Typography.Text code>{item.metric}</Typography.Text>}
            <DateTime value={item.at} />
          </Space>
        }
      />
    );
  }
  return (
    <List.Item.Meta
      title={item.title}
      description={
        <Space size={4} wrap direction="vertical">
          {item.body && <Typography.Text type="secondary">{item.body.split("\n")[0]}</Typography.Text>}
          <DateTime value={item.at} />
        </Space>
      }
    />
  );
}

/** Every 30 s: alerts are evaluated once a minute, so a firing shows up within half an evaluation. */
export const BELL_POLL_MS = 30_000;

/** The header's bell: unread count, the latest notifications of every domain, click-through to each one's link. */
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
    // a console path only: never another origin (`//host`) from a payload
    if (item.link && /^\/(?!\/)/.test(item.link)) navigate(item.link);
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
              <BellLine item={item} />
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
