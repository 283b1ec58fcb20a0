import { StopOutlined } from "@ant-design/icons";
import { DeleteButton, EditButton, List, getDefaultSortOrder, useTable } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ConsoleUser } from "../../api/types";
import { DateTime } from "../../components/formatted";
import { useSession } from "../../components/use-session";
import { RoleTag } from "./role-tag";
import { UserFilters, userSearchFilters, type UserSearch } from "./user-filters";

export function UserListPage() {
  const { t } = useTranslation();
  const { identity } = useSession();
  const { tableProps, searchFormProps, sorters } = useTable<ConsoleUser, HttpError, UserSearch>({
    syncWithLocation: true,
    sorters: { initial: [{ field: "createdAt", order: "desc" }] },
    onSearch: userSearchFilters,
  });
  const sortable = (field: keyof ConsoleUser) => ({ sorter: true, defaultSortOrder: getDefaultSortOrder(field, sorters) });

  return (
    <List title={t("users.title")}>
      <UserFilters formProps={searchFormProps} />
      <Table<ConsoleUser> {...tableProps} rowKey="id" size="middle">
        <Table.Column<ConsoleUser> dataIndex="email" title={t("users.fields.email")} {...sortable("email")} />
        <Table.Column<ConsoleUser> dataIndex="displayName" title={t("users.fields.displayName")} {...sortable("displayName")} />
        <Table.Column<ConsoleUser>
          dataIndex="role"
          title={t("users.fields.role")}
          {...sortable("role")}
          render={(_, user) => <RoleTag role={user.role} />}
        />
        <Table.Column<ConsoleUser>
          key="status"
          title={t("users.fields.status")}
          render={(_, user) => (
            <Space size={4}>
              {user.disabled ? <Tag color="default">{t("users.status.disabled")}</Tag> : <Tag color="success">{t("users.status.active")}</Tag>}
              {user.isDemo && <Tag color="warning">{t("users.status.demo")}</Tag>}
            </Space>
          )}
        />
        <Table.Column<ConsoleUser>
          dataIndex="locale"
          title={t("users.fields.locale")}
          render={(locale: string) => <Typography.Text type="secondary">{t(`languages.${locale}`, { defaultValue: locale })}</Typography.Text>}
        />
        <Table.Column<ConsoleUser>
          dataIndex="lastLoginAt"
          title={t("users.fields.lastLoginAt")}
          {...sortable("lastLoginAt")}
          render={(value: string | null) => <DateTime value={value} />}
        />
        <Table.Column<ConsoleUser>
          dataIndex="createdAt"
          title={t("users.fields.createdAt")}
          {...sortable("createdAt")}
          render={(value: string) => <DateTime value={value} />}
        />
        <Table.Column<ConsoleUser>
          key="actions"
          title={t("table.actions")}
          fixed="right"
          render={(_, user) => (
            <Space>
              <EditButton hideText size="small" recordItemId={user.id} />
              {/* disabling yourself would lock you out mid-session */}
              {!user.disabled && user.id !== identity?.id && (
                <DeleteButton
                  size="small"
                  icon={<StopOutlined />}
                  recordItemId={user.id}
                  confirmTitle={t("users.disableConfirm", { email: user.email })}
                  confirmOkText={t("users.disable")}
                  confirmCancelText={t("buttons.cancel")}
                  successNotification={{ type: "success", message: t("users.disabledNotice", { email: user.email }) }}
                >
                  {t("users.disable")}
                </DeleteButton>
              )}
            </Space>
          )}
        />
      </Table>
    </List>
  );
}
