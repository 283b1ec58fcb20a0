import { List, getDefaultSortOrder, useTable } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Table, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../../api/types";
import { DateTime } from "../../components/formatted";
import { AuditDiff } from "./audit-diff";
import { AuditFilters, auditSearchFilters, type AuditSearch } from "./audit-filters";
import { actionLabel, entityLabel } from "./audit-helpers";

export function AuditListPage() {
  const { t } = useTranslation();
  const { tableProps, searchFormProps, sorters, filters } = useTable<AuditEntry, HttpError, AuditSearch>({
    syncWithLocation: true,
    pagination: { pageSize: 20 },
    sorters: { initial: [{ field: "at", order: "desc" }] },
    onSearch: auditSearchFilters,
  });

  return (
    <List title={t("audit.title")}>
      <AuditFilters formProps={searchFormProps} filters={filters} />
      <Table<AuditEntry> {...tableProps} rowKey="id" size="middle" expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}>
        <Table.Column<AuditEntry>
          dataIndex="at"
          title={t("audit.fields.at")}
          sorter
          defaultSortOrder={getDefaultSortOrder("at", sorters)}
          render={(value: string) => <DateTime value={value} />}
        />
        <Table.Column<AuditEntry>
          dataIndex="actorEmail"
          title={t("audit.fields.actorEmail")}
          render={(email: string | null) => email ?? <Typography.Text type="secondary">{t("audit.system")}</Typography.Text>}
        />
        <Table.Column<AuditEntry> dataIndex="action" title={t("audit.fields.action")} render={(action: string) => (
            <Tooltip title={action}>
              <Tag data-testid="audit-action">{actionLabel(action, t)}</Tag>
            </Tooltip>
          )}
        />
        <Table.Column<AuditEntry> dataIndex="entity" title={t("audit.fields.entity")} render={(entity: string) => entityLabel(entity, t)} />
        <Table.Column<AuditEntry>
          dataIndex="entityId"
          title={t("audit.fields.entityId")}
          render={(id: string | null) => (id ? <Typography.Text code>{id}</Typography.Text> : "—")}
        />
      </Table>
    </List>
  );
}
