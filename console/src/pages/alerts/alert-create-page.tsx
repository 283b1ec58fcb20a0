import { Create, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRule } from "../../api/types";
import { AlertFormFields } from "./alert-form-fields";
import { toRuleBody, type AlertFormValues } from "./alert-helpers";

// the grain follows the metric once one is picked (its own grains, the day first)
const DEFAULTS: Partial<AlertFormValues> = { kind: "threshold", operator: "gt", forMinutes: 5, sensitivity: "medium", comparison: "previous_period", enabled: true, muted: false, bellRoles: ["admin", "operator"], emailTo: [] };

export function AlertCreatePage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps } = useForm<AlertRule, HttpError, AlertFormValues>({ redirect: "list" });
  return (
    <Create title={t("alerts.createTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} onFinish={(values) => formProps.onFinish?.(toRuleBody(values as AlertFormValues) as AlertFormValues)} layout="vertical" style={{ maxWidth: 760 }} initialValues={DEFAULTS}>
        <AlertFormFields mode="create" />
      </Form>
    </Create>
  );
}
