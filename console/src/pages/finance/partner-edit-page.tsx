import { Edit, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { Partner, PartnerBody } from "./finance-types";
import { PartnerFormFields, toPartnerBody } from "./partner-form-fields";

export function PartnerEditPage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, query } = useForm<Partner, HttpError, PartnerBody>({ redirect: "show" });
  const partner = query?.data?.data;
  // the code is the partner's id in settlements: fixed once created
  const submit = (values: PartnerBody) => {
    const { code: _code, ...rest } = toPartnerBody(values);
    return formProps.onFinish?.(rest as PartnerBody);
  };
  return (
    <Edit title={t("finance.partners.editTitle")} saveButtonProps={saveButtonProps} canDelete={false}>
      <Form {...formProps} onFinish={(values) => submit(values as PartnerBody)} layout="vertical" style={{ maxWidth: 960 }}>
        <PartnerFormFields mode="edit" id={partner?.id} />
      </Form>
    </Edit>
  );
}
