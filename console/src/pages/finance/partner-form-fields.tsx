import { useSelect } from "@refinedev/antd";
import { Col, Form, Input, InputNumber, Row, Select } from "antd";
import { useTranslation } from "react-i18next";
import { PARTNER_STATUSES, PARTNER_TYPES, PAYOUT_METHODS, type Partner, type Plan } from "./finance-types";

/** The partner form; the server checks the plan, the parent (one level) and the codes, and names the field it refuses. */
export function PartnerFormFields({ mode, id }: { mode: "create" | "edit"; id?: number }) {
  const { t } = useTranslation();
  const { selectProps: planSelect } = useSelect<Plan>({ resource: "finance/plans", optionLabel: (p) => `${p.key} · ${p.name}`, optionValue: "id", pagination: { pageSize: 200 } });
  const { selectProps: parentSelect } = useSelect<Partner>({
    resource: "finance/partners",
    optionLabel: (p) => `${p.code} · ${p.name}`,
    optionValue: "id",
    onSearch: (value) => [{ field: "q", operator: "eq", value }],
    pagination: { pageSize: 50 },
  });
  const required = [{ required: true, message: t("finance.form.required") }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={t("finance.fields.code")} rules={required} extra={t("finance.form.codeHelp")}>
            <Input disabled={mode === "edit"} maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t("finance.fields.name")} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="type" label={t("finance.fields.type")} rules={required}>
            <Select options={PARTNER_TYPES.map((v) => ({ value: v, label: t(`finance.partnerTypes.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="status" label={t("finance.fields.status")}>
            <Select options={PARTNER_STATUSES.map((v) => ({ value: v, label: t(`finance.partnerStatuses.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="payoutMethod" label={t("finance.fields.payoutMethod")}>
            <Select options={PAYOUT_METHODS.map((v) => ({ value: v, label: t(`finance.payoutMethods.${v}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="planId" label={t("finance.fields.plan")} rules={required}>
            <Select {...planSelect} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="parentId" label={t("finance.fields.parent")} extra={t("finance.form.parentHelp")}>
            <Select {...parentSelect} allowClear options={parentSelect.options?.filter((o) => o.value !== id)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="holdDays" label={t("finance.fields.holdDays")} extra={t("finance.form.holdDaysHelp")}>
            <InputNumber min={0} max={365} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="referralCodes" label={t("finance.fields.referralCodes")} extra={t("finance.form.referralCodesHelp")}>
        <Select mode="tags" tokenSeparators={[",", " "]} open={false} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={["contact", "name"]} label={t("finance.fields.contactName")}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={["contact", "email"]} label={t("finance.fields.contactEmail")}>
            <Input type="email" maxLength={320} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={["contact", "phone"]} label={t("finance.fields.contactPhone")}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** Form values → the API body: empty contact fields are null, no parent is null. */
export function toPartnerBody<T extends { contact?: { name?: string | null; email?: string | null; phone?: string | null }; parentId?: number | null }>(values: T): T {
  const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === "" ? null : v.trim());
  const contact = values.contact ? { name: blank(values.contact.name), email: blank(values.contact.email), phone: blank(values.contact.phone) } : undefined;
  return { ...values, parentId: values.parentId ?? null, ...(contact ? { contact } : {}) };
}
