import { Create, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import type { Plan, PlanCreateBody } from "./finance-types";
import { PlanTermsFields, toTerms } from "./plan-components-editor";

export function PlanCreatePage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps } = useForm<Plan, HttpError, PlanCreateBody>({ redirect: "list" });
  const required = [{ required: true, message: t("finance.form.required") }];
  return (
    <Create title={t("finance.plans.createTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} onFinish={(values) => formProps.onFinish?.(toTerms(values as PlanCreateBody) as PlanCreateBody)} layout="vertical" style={{ maxWidth: 900 }} initialValues={{ components: [] }}>
        <Form.Item name="key" label={t("finance.fields.planKey")} rules={required} extra={t("finance.form.planKeyHelp")}>
          <Input maxLength={64} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="name" label={t("finance.fields.name")} rules={required}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="description" label={t("finance.fields.description")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <PlanTermsFields />
      </Form>
    </Create>
  );
}
