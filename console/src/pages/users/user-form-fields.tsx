import { Form, Input, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../providers/i18n";
import { ROLES } from "../../providers/session";
import { MIN_PASSWORD_LENGTH } from "./user-helpers";

/** Fields shared by create and edit. Server-side errors land on these by name (`details.fields[].path`). */
export function UserFormFields({ mode }: { mode: "create" | "edit" }) {
  const { t } = useTranslation();
  const required = (label: string) => ({ required: true, message: t("form.required", { field: label }) });

  return (
    <>
      <Form.Item
        name="email"
        label={t("users.fields.email")}
        rules={mode === "create" ? [required(t("users.fields.email")), { type: "email", message: t("form.email") }, { max: 254, message: t("form.maxLength", { count: 254 }) }] : []}
      >
        <Input disabled={mode === "edit"} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t("users.fields.displayName")} rules={[required(t("users.fields.displayName")), { whitespace: true, message: t("form.required", { field: t("users.fields.displayName") }) }, { max: 120, message: t("form.maxLength", { count: 120 }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label={t("users.fields.role")} rules={[required(t("users.fields.role"))]}>
        <Select options={ROLES.map((role) => ({ value: role, label: `${t(`roles.${role}`)} (${role})` }))} />
      </Form.Item>
      <Form.Item name="locale" label={t("users.fields.locale")}>
        <Select options={LANGUAGES.map((value) => ({ value, label: t(`languages.${value}`) }))} />
      </Form.Item>
      {mode === "edit" && (
        <Form.Item name="disabled" label={t("users.fields.disabled")} valuePropName="checked" extra={t("users.disabledHelp")}>
          <Switch />
        </Form.Item>
      )}
      <Form.Item
        name="password"
        label={mode === "create" ? t("users.fields.password") : t("users.fields.newPassword")}
        extra={mode === "edit" ? t("users.newPasswordHelp") : t("form.minLength", { count: MIN_PASSWORD_LENGTH })}
        rules={[
          ...(mode === "create" ? [required(t("users.fields.password"))] : []),
          { min: MIN_PASSWORD_LENGTH, message: t("form.minLength", { count: MIN_PASSWORD_LENGTH }) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
