import { DashboardOutlined } from "@ant-design/icons";
import { Button, Card, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../../components/use-session";
import { HOME_DASHBOARD } from "./dashboard-helpers";

/** On the home page, for everyone who may read dashboards: the way to the operations overview. */
export function HomeDashboardCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  if (!can("dashboards:read")) return null;
  return (
    <Card size="small" data-testid="home-dashboard-card">
      <Space direction="vertical" size="small" style={{ width: "100%" }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <DashboardOutlined /> {t("dashboards.home.title")}
        </Typography.Title>
        <Typography.Text type="secondary">{t("dashboards.home.text")}</Typography.Text>
        <Space wrap>
          <Link to={`/dashboards/${HOME_DASHBOARD}`}>
            <Button type="primary">{t("dashboards.home.open")}</Button>
          </Link>
          <Link to="/dashboards">
            <Button>{t("dashboards.home.all")}</Button>
          </Link>
        </Space>
      </Space>
    </Card>
  );
}
