import { Edit, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRule } from "../../api/types";
import { AlertFormFields } from "./alert-form-fields";
import { toRuleBody, type AlertFormValues } from "./alert-helpers";

export function AlertEditPage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, query } = useForm<AlertRule, HttpError, AlertFormValues>({ redirect: "show" });
  const rule = query?.data?.data;
  return (
    <Edit title={t("alerts.editTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} onFinish={(values) => formProps.onFinish?.(toRuleBody(values as AlertFormValues) as AlertFormValues)} layout="vertical" style={{ maxWidth: 760 }}>
        <AlertFormFields mode="edit" hasSecret={rule?.hasWebhookSecret ?? false} />
      </Form>
    </Edit>
  );
}
