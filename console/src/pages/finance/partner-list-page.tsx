import { SearchOutlined } from "@ant-design/icons";
import { CreateButton, EditButton, List, ShowButton, getDefaultSortOrder, useTable } from "@refinedev/antd";
import type { CrudFilter, HttpError } from "@refinedev/core";
import { Link } from "react-router";
import { Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { PARTNER_STATUSES, PARTNER_TYPES, type Partner } from "./finance-types";
import { PartnerStatusTag, PartnerTypeTag } from "./partner-tags";

interface PartnerSearch {
  q?: string;
  type?: string;
  status?: string;
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());
function partnerFilters(values: PartnerSearch): CrudFilter[] {
  return (["q", "type", "status"] as const).map((field) => ({ field, operator: "eq", value: blank(values[field]) }));
}

export function PartnerListPage() {
  const { t } = useTranslation();
  const { tableProps, searchFormProps, sorters } = useTable<Partner, HttpError, PartnerSearch>({
    syncWithLocation: true,
    sorters: { initial: [{ field: "code", order: "asc" }] },
    onSearch: partnerFilters,
  });
  const sortable = (field: keyof Partner) => ({ sorter: true, defaultSortOrder: getDefaultSortOrder(field, sorters) });
  const submit = () => searchFormProps.form?.submit();

  return (
    <List title={t("finance.partners.title")} headerButtons={<CreateButton />}>
      <Form<PartnerSearch> {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t("finance.partners.search")} style={{ width: 280 }} onPressEnter={submit} />
        </Form.Item>
        <Form.Item name="type">
          <Select allowClear placeholder={t("finance.fields.type")} style={{ width: 180 }} onChange={submit} options={PARTNER_TYPES.map((v) => ({ value: v, label: t(`finance.partnerTypes.${v}`) }))} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t("finance.fields.status")} style={{ width: 160 }} onChange={submit} options={PARTNER_STATUSES.map((v) => ({ value: v, label: t(`finance.partnerStatuses.${v}`) }))} />
        </Form.Item>
      </Form>
      <Table<Partner> {...tableProps} rowKey="id" size="middle" scroll={{ x: true }}>
        <Table.Column<Partner> dataIndex="code" title={t("finance.fields.code")} {...sortable("code")} render={(_, p) => <Link to={`/finance/partners/show/${p.id}`}>{p.code}</Link>} />
        <Table.Column<Partner> dataIndex="name" title={t("finance.fields.name")} {...sortable("name")} />
        <Table.Column<Partner> dataIndex="type" title={t("finance.fields.type")} {...sortable("type")} render={(_, p) => <PartnerTypeTag type={p.type} />} />
        <Table.Column<Partner> dataIndex="status" title={t("finance.fields.status")} {...sortable("status")} render={(_, p) => <PartnerStatusTag status={p.status} />} />
        <Table.Column<Partner> dataIndex="planKey" title={t("finance.fields.plan")} render={(_, p) => <Typography.Text code>{p.planKey}</Typography.Text>} />
        <Table.Column<Partner> dataIndex="parentCode" title={t("finance.fields.parent")} render={(_, p) => (p.parentId ? <Link to={`/finance/partners/show/${p.parentId}`}>{p.parentCode}</Link> : <Typography.Text type="secondary">—</Typography.Text>)} />
        <Table.Column<Partner> dataIndex="referralCodes" title={t("finance.fields.referralCodes")} render={(_, p) => p.referralCodes.map((c) => <Tag key={c}>{c}</Tag>)} />
        <Table.Column<Partner> dataIndex="holdDays" title={t("finance.fields.holdDays")} align="right" />
        <Table.Column<Partner>
          key="actions"
          title={t("table.actions")}
          fixed="right"
          render={(_, p) => (
            <Space>
              <ShowButton hideText size="small" recordItemId={p.id} />
              <EditButton hideText size="small" recordItemId={p.id} />
            </Space>
          )}
        />
      </Table>
    </List>
  );
}
