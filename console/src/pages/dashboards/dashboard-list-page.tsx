import { DashboardOutlined } from "@ant-design/icons";
import { useCustom } from "@refinedev/core";
import { Alert, Card, Col, Flex, Row, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DashboardSummary } from "../../api/types";
import { localized } from "../metrics/metric-helpers";

/** Every dashboard defined in `dashboards/*.yaml`, one card each. */
export function DashboardListPage() {
  const { t, i18n } = useTranslation();
  const { result, query } = useCustom<DashboardSummary[]>({ url: "/api/dashboards", method: "get", errorNotification: false });
  const dashboards = Array.isArray(result.data) ? (result.data as DashboardSummary[]) : [];

  if (query.isLoading) return <Skeleton active />;
  if (query.error) return <Alert type="error" showIcon message={t("dashboards.loadFailed")} description={query.error.message} />;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("dashboards.title")}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {dashboards.map((d) => (
          <Col key={d.slug} xs={24} md={12} xl={6}>
            <Link to={`/dashboards/${d.slug}`} data-testid={`dashboard-link-${d.slug}`}>
              <Card hoverable style={{ height: "100%" }}>
                <Card.Meta
                  avatar={<DashboardOutlined style={{ fontSize: 24 }} />}
                  title={localized(d.title, i18n.language)}
                  description={
                    <Flex vertical gap={8}>
                      {d.description && <span>{localized(d.description, i18n.language)}</span>}
                      <span>
                        <Tag>{t("dashboards.tileCount", { count: d.tiles })}</Tag>
                      </span>
                    </Flex>
                  }
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
