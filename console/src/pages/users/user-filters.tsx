import { SearchOutlined } from "@ant-design/icons";
import type { CrudFilter } from "@refinedev/core";
import { Button, Form, Input, Select, type FormProps } from "antd";
import { useTranslation } from "react-i18next";
import { ROLES } from "../../providers/session";
import { RoleOption } from "./role-tag";

export interface UserSearch {
  q?: string;
  role?: string;
  disabled?: "true" | "false";
}

/** Search box and filters → simple-rest query params (`q`, `role`, `disabled`); empty means no filter. */
export function userSearchFilters(values: UserSearch): CrudFilter[] {
  const blankToUndefined = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
  return [
    { field: "q", operator: "eq", value: blankToUndefined(values.q?.trim()) },
    { field: "role", operator: "eq", value: blankToUndefined(values.role) },
    { field: "disabled", operator: "eq", value: blankToUndefined(values.disabled) },
  ];
}

/** useTable fills these fields back from the URL, so a shared link shows the same search. */
export function UserFilters({ formProps }: { formProps: FormProps<UserSearch> }) {
  const { t } = useTranslation();
  const submit = () => formProps.form?.submit();
  return (
    <Form<UserSearch>
      {...formProps}
      layout="inline"
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      <Form.Item name="q">
        <Input allowClear prefix={<SearchOutlined />} placeholder={t("users.search")} style={{ width: 260 }} onPressEnter={submit} />
      </Form.Item>
      <Form.Item name="role">
        <Select
          allowClear
          placeholder={t("users.fields.role")}
          style={{ width: 160 }}
          onChange={submit}
          options={ROLES.map((role) => ({ value: role, label: <RoleOption role={role} /> }))}
        />
      </Form.Item>
      <Form.Item name="disabled">
        <Select
          allowClear
          placeholder={t("users.fields.status")}
          style={{ width: 160 }}
          onChange={submit}
          options={[
            { value: "false", label: t("users.status.active") },
            { value: "true", label: t("users.status.disabled") },
          ]}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t("buttons.filter")}
        </Button>
      </Form.Item>
    </Form>
  );
}
