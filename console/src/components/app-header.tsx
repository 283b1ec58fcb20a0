import { MoonOutlined, SunOutlined, UserOutlined } from "@ant-design/icons";
import { Avatar, Layout, Space, Switch, Tag, Tooltip, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";
import { usePreferences } from "../providers/preferences";
import { LanguageSwitch } from "./language-switch";
import { NotificationBell } from "./notification-bell";
import { useSession } from "./use-session";

export function AppHeader() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { colorMode, setColorMode } = usePreferences();
  const { identity } = useSession();

  return (
    <Layout.Header
      style={{
        backgroundColor: token.colorBgElevated,
        display: "flex",
        justifyContent: "flex-end",
        alignItems: "center",
        padding: "0 24px",
        height: 64,
        position: "sticky",
        top: 0,
        zIndex: 10,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      <Space size="large">
        {identity && <NotificationBell />}
        <LanguageSwitch saveToAccount />
        <Tooltip title={t("header.darkMode")}>
          <Switch
            aria-label={t("header.darkMode")}
            checked={colorMode === "dark"}
            onChange={(dark) => setColorMode(dark ? "dark" : "light")}
            checkedChildren={<MoonOutlined />}
            unCheckedChildren={<SunOutlined />}
          />
        </Tooltip>
        {identity && (
          <Space data-testid="current-user">
            <Avatar size="small" icon={<UserOutlined />} />
            <Typography.Text strong>{identity.displayName}</Typography.Text>
            <Tag color="blue">{t(`roles.${identity.role}`)}</Tag>
          </Space>
        )}
      </Space>
    </Layout.Header>
  );
}
