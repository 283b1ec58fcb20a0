import { EditOutlined, EyeOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Card, Col, List, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../../components/use-session";
import { CONSOLE } from "../../resources";
import { HomeDashboardCard } from "../dashboards/home-dashboard-card";
import { reachablePages } from "./home-helpers";

/** Landing page for every role: who you are, and the pages this console lets you open (only those that exist). */
export function HomePage() {
  const { t } = useTranslation();
  const { identity, isLoading } = useSession();

  if (isLoading || !identity) return <Skeleton active />;

  const pages = reachablePages(CONSOLE, identity.permissions).filter((p) => p.name !== "dashboard");
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card data-testid="welcome-card" style={{ height: "100%" }}>
          <Space direction="vertical" size="small" style={{ width: "100%" }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t("home.welcome", { name: identity.displayName })}
            </Typography.Title>
            <Space wrap>
              <Typography.Text type="secondary">{identity.email}</Typography.Text>
              <Tag icon={<SafetyCertificateOutlined />} color="blue">
                {t(`roles.${identity.role}`)}
              </Tag>
            </Space>
            <Typography.Paragraph style={{ marginTop: 8 }}>{t(`home.roleSummary.${identity.role}`)}</Typography.Paragraph>
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t("home.canDo")} size="small" data-testid="home-pages">
          <List
            size="small"
            split={false}
            dataSource={pages}
            locale={{ emptyText: t("permissions.none") }}
            renderItem={(page) => (
              <List.Item>
                <Space>
                  {page.canChange ? <EditOutlined /> : <EyeOutlined />}
                  <Link to={page.path}>{t(page.label)}</Link>
                  <Typography.Text type="secondary">{page.canChange ? t("home.access.change") : t("home.access.read")}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {identity.permissions.includes("pii:read") && <Typography.Text type="secondary">{t("permissions.pii:read")}</Typography.Text>}
        </Card>
      </Col>
      <Col xs={24}>
        <HomeDashboardCard />
      </Col>
    </Row>
  );
}
