import { getDefaultFilter } from "@refinedev/antd";
import { useCustom, type CrudFilter } from "@refinedev/core";
import { Button, DatePicker, Form, Input, Select, type FormProps } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import type { AuditActions } from "../../api/types";
import { actionLabel } from "./audit-helpers";

export interface AuditSearch {
  actorEmail?: string;
  action?: string;
  entity?: string;
  // not named "at": useTable writes URL filter values back into same-named fields, and this one is a pair
  range?: [Dayjs | null, Dayjs | null] | null;
}

const blank = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** Form → simple-rest params: `actorEmail`, `action`, `entity`, `at_gte`, `at_lte` (ISO instants). */
export function auditSearchFilters(values: AuditSearch): CrudFilter[] {
  const [from, to] = values.range ?? [];
  return [
    { field: "actorEmail", operator: "eq", value: blank(values.actorEmail) },
    { field: "action", operator: "eq", value: blank(values.action) },
    { field: "entity", operator: "eq", value: blank(values.entity) },
    { field: "at", operator: "gte", value: from ? from.startOf("day").toISOString() : undefined },
    { field: "at", operator: "lte", value: to ? to.endOf("day").toISOString() : undefined },
  ];
}

function rangeFrom(filters: CrudFilter[]): AuditSearch["range"] {
  const from = getDefaultFilter("at", filters, "gte") as string | undefined;
  const to = getDefaultFilter("at", filters, "lte") as string | undefined;
  return from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : undefined;
}

export function AuditFilters({ formProps, filters }: { formProps: FormProps<AuditSearch>; filters: CrudFilter[] }) {
  const { t } = useTranslation();
  // the actions the log holds, from the api: a list to pick from, not a code to type exactly
  const { result, query } = useCustom<AuditActions>({ url: "/api/audit/actions", method: "get", queryOptions: { staleTime: 60_000 } });
  const actions = Array.isArray(result.data) ? (result.data as AuditActions) : [];
  return (
    <Form<AuditSearch> {...formProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={{ range: rangeFrom(filters) }}>
      <Form.Item name="actorEmail">
        <Input allowClear placeholder={t("audit.fields.actorEmail")} style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="action">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={query.isLoading}
          placeholder={t("audit.allActions")}
          aria-label={t("audit.fields.action")}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          options={actions.map((a) => ({ value: a, label: actionLabel(a, t) }))}
          optionRender={(option) => (
            <span>
              {option.label} <span style={{ opacity: 0.55 }}>{option.value}</span>
            </span>
          )}
        />
      </Form.Item>
      <Form.Item name="entity">
        <Input allowClear placeholder={t("audit.fields.entity")} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="range">
        <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t("audit.from"), t("audit.to")]} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t("buttons.filter")}
        </Button>
      </Form.Item>
    </Form>
  );
}
