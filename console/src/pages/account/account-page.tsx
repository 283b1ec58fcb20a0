import { Alert, App, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PasswordChangeInput } from "../../api/types";
import { apiFetch, isHttpError } from "../../providers/http";

type Values = PasswordChangeInput & { confirm: string };
const FIELDS = ["currentPassword", "newPassword"] as const;

/**
 * Change one's own password: the current one, the new one twice. The api judges the new one
 * (zxcvbn-ts) and ends the user's other sessions; this session stays signed in.
 */
export function AccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // the api's field codes the console words itself; anything else shows the server's message
  const fieldMessage = (code: string | undefined, fallback: string) =>
    code === "wrong_password" ? t("account.errors.wrongPassword") : code === "weak_password" ? t("account.errors.weakPassword") : code === "unchanged" ? t("account.errors.unchanged") : fallback;

  const onFinish = async ({ currentPassword, newPassword }: Values) => {
    setSaving(true);
    setFailure(null);
    try {
      await apiFetch<void>("/api/auth/password", { method: "POST", body: { currentPassword, newPassword } satisfies PasswordChangeInput });
      form.resetFields();
      void message.success(t("account.changed"));
    } catch (error) {
      const fields = isHttpError(error) ? ((error.details?.fields ?? []) as { path: string | (string | number)[]; message: string; code?: string }[]) : [];
      const known = fields.filter((f) => (FIELDS as readonly string[]).includes(String(f.path)));
      if (known.length) form.setFields(known.map((f) => ({ name: String(f.path) as (typeof FIELDS)[number], errors: [fieldMessage(f.code, f.message)] })));
      else setFailure(isHttpError(error) ? error.message : t("account.errors.failed"));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t("account.title")} style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">{t("account.intro")}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="currentPassword" label={t("account.fields.currentPassword")} rules={[{ required: true, message: t("account.errors.required") }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t("account.fields.newPassword")}
          extra={t("account.newPasswordHelp")}
          rules={[
            { required: true, message: t("account.errors.required") },
            { min: 10, message: t("account.errors.tooShort") },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t("account.fields.confirm")}
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("account.errors.required") },
            ({ getFieldValue }) => ({
              validator: (_rule, value) => (!value || value === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("account.errors.mismatch")))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t("account.submit")}
        </Button>
      </Form>
    </Card>
  );
}
