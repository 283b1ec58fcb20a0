import { CheckCircleTwoTone, SafetyCertificateOutlined } from "@ant-design/icons";
import { Card, Col, List, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSession } from "../../components/use-session";
import { HomeDashboardCard } from "../dashboards/home-dashboard-card";

/** Landing page for every role: who you are, and what this console lets you do. */
export function HomePage() {
  const { t } = useTranslation();
  const { identity, isLoading } = useSession();

  if (isLoading || !identity) return <Skeleton active />;

  const capabilities = identity.permissions.length ? identity.permissions : ["none"];
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
        <Card title={t("home.canDo")} size="small">
          <List
            size="small"
            split={false}
            dataSource={capabilities}
            renderItem={(permission) => (
              <List.Item>
                <Space>
                  <CheckCircleTwoTone twoToneColor="#52c41a" />
                  <span>{t(`permissions.${permission}`, { defaultValue: permission })}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <HomeDashboardCard />
      </Col>
    </Row>
  );
}
