import { Create, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { Partner, PartnerBody } from "./finance-types";
import { PartnerFormFields, toPartnerBody } from "./partner-form-fields";

const DEFAULTS: Partial<PartnerBody> = { status: "active", holdDays: 30, payoutMethod: "bank_transfer", referralCodes: [] };

export function PartnerCreatePage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps } = useForm<Partner, HttpError, PartnerBody>({ redirect: "show" });
  return (
    <Create title={t("finance.partners.createTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} onFinish={(values) => formProps.onFinish?.(toPartnerBody(values as PartnerBody))} layout="vertical" style={{ maxWidth: 960 }} initialValues={DEFAULTS}>
        <PartnerFormFields mode="create" />
      </Form>
    </Create>
  );
}
