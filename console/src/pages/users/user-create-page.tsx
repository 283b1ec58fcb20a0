import { Create, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { ConsoleUser, UserCreateInput } from "../../api/types";
import { UserFormFields } from "./user-form-fields";

export function UserCreatePage() {
  const { t } = useTranslation();
  // the api's field errors (an email in use, say) land on their fields in the UI language (providers/http.ts)
  const { formProps, saveButtonProps } = useForm<ConsoleUser, HttpError, UserCreateInput>({ redirect: "list" });

  return (
    <Create title={t("users.createTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ role: "viewer", locale: "en" }}>
        <UserFormFields mode="create" />
      </Form>
    </Create>
  );
}
