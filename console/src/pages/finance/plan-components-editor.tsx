import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { COMPONENT_TYPES, REVENUE_TYPES } from "./finance-types";

const decimal = /^\d+(\.\d{1,8})?$/;

/**
 * The plan's terms: an override rate and at most one component of each type, in the settlement
 * engine's own shape (decimal strings). The server runs the engine's checks and names the field.
 */
export function PlanTermsFields() {
  const { t } = useTranslation();
  const rate = [{ pattern: /^(0(\.\d{1,8})?|1(\.0{1,8})?)$/, message: t("finance.form.rate") }];
  const amount = [{ required: true, message: t("finance.form.required") }, { pattern: decimal, message: t("finance.form.decimal") }];
  const revenueTypes = REVENUE_TYPES.map((v) => ({ value: v, label: t(`finance.revenueTypes.${v}`) }));
  return (
    <>
      <Form.Item name="overrideRate" label={t("finance.fields.overrideRate")} extra={t("finance.form.overrideRateHelp")} rules={rate}>
        <Input placeholder="0.10" style={{ width: 200 }} allowClear />
      </Form.Item>
      <Form.List name="components">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: "100%" }}>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                title={
                  <Form.Item name={[field.name, "type"]} noStyle>
                    <Select style={{ width: 200 }} options={COMPONENT_TYPES.map((v) => ({ value: v, label: t(`finance.components.${v}`) }))} />
                  </Form.Item>
                }
                extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={t("finance.plans.removeComponent")} onClick={() => remove(field.name)} />}
              >
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => {
                    const type = getFieldValue(["components", field.name, "type"]) as string | undefined;
                    if (type === "cpa")
                      return (
                        <Row gutter={16}>
                          <Col xs={24} md={12}>
                            <Form.Item name={[field.name, "amount"]} label={t("finance.fields.cpaAmount")} rules={amount}>
                              <Input placeholder="40.00" />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={12}>
                            <Form.Item name={[field.name, "minFirstDeposit"]} label={t("finance.fields.minFirstDeposit")} rules={amount}>
                              <Input placeholder="100.00" />
                            </Form.Item>
                          </Col>
                        </Row>
                      );
                    return (
                      <>
                        <Row gutter={16}>
                          {type === "revshare" && (
                            <Col xs={24} md={6}>
                              <Form.Item name={[field.name, "rate"]} label={t("finance.fields.rate")} rules={[{ required: true, message: t("finance.form.required") }, ...rate]}>
                                <Input placeholder="0.25" />
                              </Form.Item>
                            </Col>
                          )}
                          <Col xs={24} md={12}>
                            <Form.Item name={[field.name, "revenueTypes"]} label={t("finance.fields.revenueTypes")} rules={[{ required: true, message: t("finance.form.required") }]}>
                              <Select mode="multiple" options={revenueTypes} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={6}>
                            <Form.Item name={[field.name, "months"]} label={t("finance.fields.months")} extra={t("finance.form.monthsHelp")}>
                              <InputNumber min={1} max={1200} style={{ width: "100%" }} />
                            </Form.Item>
                          </Col>
                        </Row>
                        {type === "tiered" && <TiersFields name={field.name} />}
                      </>
                    );
                  }}
                </Form.Item>
              </Card>
            ))}
            {fields.length < COMPONENT_TYPES.length && (
              <Button icon={<PlusOutlined />} onClick={() => add({ type: "revshare", revenueTypes: ["trading_fee"], months: null })}>
                {t("finance.plans.addComponent")}
              </Button>
            )}
          </Space>
        )}
      </Form.List>
    </>
  );
}

function TiersFields({ name }: { name: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[name, "tiers"]}>
      {(tiers, { add, remove }) => (
        <>
          <Typography.Text type="secondary">{t("finance.form.tiersHelp")}</Typography.Text>
          {tiers.map((tier, i) => (
            <Row gutter={8} key={tier.key} align="middle" style={{ marginTop: 8 }}>
              <Col xs={10}>
                <Form.Item name={[tier.name, "upTo"]} noStyle>
                  <Input addonBefore={t("finance.fields.upTo")} placeholder={i === tiers.length - 1 ? t("finance.form.noLimit") : "10000.00"} />
                </Form.Item>
              </Col>
              <Col xs={10}>
                <Form.Item name={[tier.name, "rate"]} noStyle>
                  <Input addonBefore={t("finance.fields.rate")} placeholder="0.20" />
                </Form.Item>
              </Col>
              <Col xs={4}>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t("finance.plans.removeTier")} onClick={() => remove(tier.name)} />
              </Col>
            </Row>
          ))}
          <Button size="small" style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => add({ upTo: null, rate: "" })}>
            {t("finance.plans.addTier")}
          </Button>
        </>
      )}
    </Form.List>
  );
}

type TermsValues = { overrideRate?: string | null; components?: Array<Record<string, unknown>> };

/** Form values → the engine's shape: blank override → null, blank months → lifetime, blank upTo → unbounded; only the fields of each type. */
export function toTerms<T extends TermsValues>(values: T) {
  const blank = (v: unknown) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v);
  const components = (values.components ?? []).map((c) => {
    if (c.type === "cpa") return { type: "cpa", amount: String(c.amount ?? ""), minFirstDeposit: String(c.minFirstDeposit ?? "") };
    const common = { revenueTypes: (c.revenueTypes as string[] | undefined) ?? [], months: (blank(c.months) as number | null) ?? null };
    if (c.type === "revshare") return { type: "revshare", rate: String(c.rate ?? ""), ...common };
    const tiers = ((c.tiers as Array<{ upTo?: string | null; rate?: string }> | undefined) ?? []).map((tier) => ({ upTo: (blank(tier.upTo) as string | null) ?? null, rate: String(tier.rate ?? "") }));
    return { type: "tiered", ...common, tiers };
  });
  return { ...values, overrideRate: (blank(values.overrideRate) as string | null) ?? null, components };
}
