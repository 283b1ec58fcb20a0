import { Edit, useForm } from "@refinedev/antd";
import { useCreate, type HttpError } from "@refinedev/core";
import { Button, Card, DatePicker, Form, Input, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/formatted";
import type { Plan, PlanVersion, PlanVersionBody } from "./finance-types";
import { PlanTermsFields, toTerms } from "./plan-components-editor";
import { TermsSummary } from "./plan-summary";

type VersionValues = Omit<PlanVersionBody, "effectiveFrom"> & { effectiveFrom?: Dayjs };

/** The plan's name, and its terms as versions: a new version prices periods from the month it takes effect. */
export function PlanEditPage() {
  const { t } = useTranslation();
  const { formProps, saveButtonProps, query } = useForm<Plan, HttpError, { name: string; description: string }>({ redirect: false });
  const plan = query?.data?.data;
  const [versionForm] = Form.useForm<VersionValues>();
  const { mutate: createVersion, mutation } = useCreate<Plan, HttpError, PlanVersionBody>();
  const now = new Date();
  // periods are UTC months: the earliest a change can take effect is the next one
  const nextMonth = dayjs(new Date(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

  const submitVersion = (values: VersionValues) => {
    if (!plan) return;
    const from = (values.effectiveFrom ?? nextMonth).format("YYYY-MM");
    createVersion(
      { resource: `finance/plans/${plan.id}/versions`, values: { ...toTerms(values), effectiveFrom: `${from}-01T00:00:00Z`, note: values.note ?? "" } as PlanVersionBody, successNotification: () => ({ type: "success", message: t("finance.plans.versionSaved") }) },
      { onSuccess: () => void query?.refetch() },
    );
  };
  const startFrom = (v?: PlanVersion | null) => versionForm.setFieldsValue({ overrideRate: v?.overrideRate ?? null, components: v?.components ?? [], note: "" } as VersionValues);

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Edit title={plan ? `${plan.key} · ${plan.name}` : t("finance.plans.editTitle")} saveButtonProps={saveButtonProps} canDelete={false}>
        <Form {...formProps} layout="vertical" style={{ maxWidth: 900 }}>
          <Form.Item name="name" label={t("finance.fields.name")} rules={[{ required: true, message: t("finance.form.required") }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="description" label={t("finance.fields.description")}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Edit>
      {plan && (
        <Card title={t("finance.plans.versions")}>
          <Table<PlanVersion> dataSource={plan.versions} rowKey="id" size="small" pagination={false}>
            <Table.Column<PlanVersion> dataIndex="version" title={t("finance.fields.version")} render={(v: number) => (plan.current?.version === v ? <Typography.Text strong>{`v${v} · ${t("finance.plans.inForce")}`}</Typography.Text> : `v${v}`)} />
            <Table.Column<PlanVersion> dataIndex="effectiveFrom" title={t("finance.fields.effectiveFrom")} render={(v: string) => v.slice(0, 7)} />
            <Table.Column<PlanVersion> key="terms" title={t("finance.fields.terms")} render={(_, v) => <TermsSummary overrideRate={v.overrideRate} components={v.components} />} />
            <Table.Column<PlanVersion> dataIndex="note" title={t("finance.fields.note")} />
            <Table.Column<PlanVersion> dataIndex="createdAt" title={t("finance.fields.createdAt")} render={(v: string) => <DateTime value={v} />} />
            <Table.Column<PlanVersion> key="copy" render={(_, v) => <Button size="small" onClick={() => startFrom(v)}>{t("finance.plans.startFrom")}</Button>} />
          </Table>
        </Card>
      )}
      {plan && (
        <Card title={t("finance.plans.newVersion")} extra={<Typography.Text type="secondary">{t("finance.plans.newVersionHelp")}</Typography.Text>}>
          <Form<VersionValues> form={versionForm} layout="vertical" style={{ maxWidth: 900 }} onFinish={submitVersion} initialValues={{ components: plan.versions[0]?.components ?? [], overrideRate: plan.versions[0]?.overrideRate ?? null }}>
            <Form.Item name="effectiveFrom" label={t("finance.fields.effectiveFrom")}>
              <DatePicker picker="month" placeholder={nextMonth.format("YYYY-MM")} disabledDate={(d) => d.isBefore(nextMonth, "month")} />
            </Form.Item>
            <PlanTermsFields />
            <Form.Item name="note" label={t("finance.fields.note")} style={{ marginTop: 16 }}>
              <Input maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              {t("finance.plans.saveVersion")}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
