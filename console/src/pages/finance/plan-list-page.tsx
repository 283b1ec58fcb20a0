import { CreateButton, EditButton, List, getDefaultSortOrder, useTable } from "@refinedev/antd";
import type { HttpError } from "@refinedev/core";
import { Link } from "react-router";
import { Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/formatted";
import type { Plan } from "./finance-types";
import { TermsSummary } from "./plan-summary";

export function PlanListPage() {
  const { t } = useTranslation();
  const { tableProps, sorters } = useTable<Plan, HttpError>({ syncWithLocation: true, sorters: { initial: [{ field: "key", order: "asc" }] } });
  const sortable = (field: keyof Plan) => ({ sorter: true, defaultSortOrder: getDefaultSortOrder(field, sorters) });
  return (
    <List title={t("finance.plans.title")} headerButtons={<CreateButton />}>
      <Table<Plan> {...tableProps} rowKey="id" size="middle" scroll={{ x: true }}>
        <Table.Column<Plan> dataIndex="key" title={t("finance.fields.planKey")} {...sortable("key")} render={(_, p) => <Link to={`/finance/plans/edit/${p.id}`}><Typography.Text code>{p.key}</Typography.Text></Link>} />
        <Table.Column<Plan> dataIndex="name" title={t("finance.fields.name")} {...sortable("name")} />
        <Table.Column<Plan> key="terms" title={t("finance.fields.terms")} render={(_, p) => (p.current ? <TermsSummary overrideRate={p.current.overrideRate} components={p.current.components} /> : <Typography.Text type="secondary">{t("finance.plans.notYetInForce")}</Typography.Text>)} />
        <Table.Column<Plan> key="version" title={t("finance.fields.version")} render={(_, p) => {
          const pending = p.versions.filter((v) => p.current === null || v.version > p.current.version);
          return (
            <span>
              {p.current ? `v${p.current.version}` : "—"}
              {pending.length > 0 && <Typography.Text type="warning">{` · ${t("finance.plans.pending", { version: pending[0]!.version, from: pending[0]!.effectiveFrom.slice(0, 7) })}`}</Typography.Text>}
            </span>
          );
        }} />
        <Table.Column<Plan> dataIndex="partnerCount" title={t("finance.fields.partnerCount")} align="right" render={(n: number, p) => <Link to={`/finance/partners?filters[0][field]=planId&filters[0][operator]=eq&filters[0][value]=${p.id}`}>{n}</Link>} />
        <Table.Column<Plan> dataIndex="updatedAt" title={t("finance.fields.updatedAt")} render={(v: string) => <DateTime value={v} />} />
        <Table.Column<Plan> key="actions" title={t("table.actions")} fixed="right" render={(_, p) => <EditButton hideText size="small" recordItemId={p.id} />} />
      </Table>
    </List>
  );
}
