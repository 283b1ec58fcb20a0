import { Create, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { ConsoleUser, UserCreateInput } from "../../api/types";
import { useConflictOnEmail } from "./use-conflict-on-email";
import { UserFormFields } from "./user-form-fields";

export function UserCreatePage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, form } = useForm<ConsoleUser, HttpError, UserCreateInput>({
    redirect: "list",
    onMutationError: (error) => onConflict(error),
  });
  const onConflict = useConflictOnEmail(form);

  return (
    <Create title={t("users.createTitle")} saveButtonProps={saveButtonProps}>
      <Form {...formProps} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ role: "viewer", locale: "en" }}>
        <UserFormFields mode="create" />
      </Form>
    </Create>
  );
}
