import { Edit, useForm } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Form } from "antd";
import { useTranslation } from "react-i18next";
import type { ConsoleUser, UserUpdateInput } from "../../api/types";
import { UserFormFields } from "./user-form-fields";

type EditValues = UserUpdateInput & { email?: string };

export function UserEditPage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps } = useForm<ConsoleUser, HttpError, EditValues>({ redirect: "list" });

  // Send only what PATCH accepts; an empty new-password box means "keep the current one".
  const onFinish = ({ email: _email, password, ...rest }: EditValues) =>
    formProps.onFinish?.({ ...rest, ...(password ? { password } : {}) });

  return (
    <Edit title={t("users.editTitle")} saveButtonProps={saveButtonProps} canDelete={false}>
      <Form {...formProps} onFinish={onFinish} layout="vertical" style={{ maxWidth: 560 }}>
        <UserFormFields mode="edit" />
      </Form>
    </Edit>
  );
}
