import type { HttpError } from "@refinedev/core";
import type { FormInstance } from "antd";
import { useTranslation } from "react-i18next";

/** 409 from the api means the email is taken: say so on the email field, not only in a toast. */
export function useConflictOnEmail(form: FormInstance) {
  const { t } = useTranslation();
  return (error: HttpError) => {
    if (error.statusCode === 409) form.setFields([{ name: "email", errors: [t("users.errors.emailTaken")] }]);
  };
}
