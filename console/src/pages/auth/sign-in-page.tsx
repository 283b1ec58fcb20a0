import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { useIsAuthenticated, useLogin } from "@refinedev/core";
import { Alert, Button, Card, Form, Input, Layout, Space, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { AppLogo } from "../../components/app-logo";
import { LanguageSwitch } from "../../components/language-switch";
import type { LoginParams } from "../../providers/auth-provider";

export function SignInPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { mutate: login, isPending, data } = useLogin<LoginParams>();
  const error = data && !data.success ? data.error : undefined;
  // Not wrapped in <Authenticated>: that unmounts its children while the check refetches after a
  // failed attempt, which would wipe the form and the error message.
  const { data: auth } = useIsAuthenticated();
  const [search] = useSearchParams();
  if (auth?.authenticated) return <Navigate to={search.get("to") ?? "/"} replace />;

  return (
    <Layout style={{ minHeight: "100vh", background: token.colorBgLayout }}>
      <div style={{ display: "flex", justifyContent: "flex-end", padding: 16 }}>
        <LanguageSwitch />
      </div>
      <div style={{ flex: 1, display: "flex", alignItems: "center", justifyContent: "center", padding: 16 }}>
        <Card style={{ width: 400, maxWidth: "100%" }}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Space align="center">
              <AppLogo size={32} />
              <Typography.Title level={3} style={{ margin: 0 }}>
                {t("app.title")}
              </Typography.Title>
            </Space>
            <Typography.Text type="secondary">{t("auth.subtitle")}</Typography.Text>
            {error && <Alert type="error" showIcon message={error.message} data-testid="sign-in-error" />}
            <Form<LoginParams> layout="vertical" requiredMark={false} onFinish={(values) => login(values)}>
              <Form.Item
                name="email"
                label={t("auth.email")}
                rules={[
                  { required: true, message: t("auth.errors.emailRequired") },
                  { type: "email", message: t("auth.errors.emailInvalid") },
                ]}
              >
                <Input prefix={<MailOutlined />} autoComplete="username" size="large" placeholder="name@company.com" />
              </Form.Item>
              <Form.Item name="password" label={t("auth.password")} rules={[{ required: true, message: t("auth.errors.passwordRequired") }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={isPending}>
                {t("auth.signIn")}
              </Button>
            </Form>
          </Space>
        </Card>
      </div>
    </Layout>
  );
}
