import { Card, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { AlertGrain, AlertKind } from "../../api/types";
import { ROLES } from "../../providers/session";
import { ALERT_COMPARISONS, ALERT_KINDS, ALERT_OPERATORS, ALERT_SENSITIVITIES, ANOMALY_OPERATORS, defaultAlertGrain, FILTER_DIMENSIONS } from "./alert-helpers";
import { useAlertMetrics } from "./use-alert-metrics";

/** what the api's zod `.email()` takes, near enough: one @, no spaces, a dot in the domain */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Fields shared by create and edit; each condition kind shows the fields it needs. Server errors land on these by name. */
export function AlertFormFields({ mode, hasSecret = false }: { mode: "create" | "edit"; hasSecret?: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch<AlertKind | undefined>("kind", form);
  const webhookUrl = Form.useWatch<string | undefined>("webhookUrl", form);
  const metric = Form.useWatch<string | undefined>("metric", form);
  const grain = Form.useWatch<AlertGrain | undefined>("grain", form);
  const { options: metrics, isLoading, grainsOf } = useAlertMetrics();
  const grains = grainsOf(metric);
  const required = (label: string) => ({ required: true, message: t("form.required", { field: label }) });

  // a metric without the chosen grain moves the rule to the metric's own (the api refuses the other)
  useEffect(() => {
    if (grains.length && (!grain || !grains.includes(grain))) form.setFieldValue("grain", defaultAlertGrain(grains));
  }, [form, grain, grains]);
  const operators = kind === "anomaly" ? ANOMALY_OPERATORS : ALERT_OPERATORS;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small" title={t("alerts.sections.what")}>
        <Form.Item name="name" label={t("alerts.fields.name")} rules={[required(t("alerts.fields.name")), { whitespace: true, message: t("form.required", { field: t("alerts.fields.name") }) }, { max: 120, message: t("form.maxLength", { count: 120 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="metric" label={t("alerts.fields.metric")} rules={[required(t("alerts.fields.metric"))]}>
          <Select showSearch loading={isLoading} options={metrics} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label={t("alerts.fields.filters")} extra={t("alerts.help.filters")}>
          <Space wrap>
            {FILTER_DIMENSIONS.map((d) => (
              <Form.Item key={d} name={["filters", d]} noStyle>
                <Select mode="tags" style={{ minWidth: 160 }} placeholder={t(`alerts.dimensions.${d}`)} tokenSeparators={[","]} aria-label={t(`alerts.dimensions.${d}`)} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      </Card>
      <Card size="small" title={t("alerts.sections.condition")}>
        <Form.Item name="kind" label={t("alerts.fields.kind")} rules={[required(t("alerts.fields.kind"))]}>
          <Select options={ALERT_KINDS.map((k) => ({ value: k, label: t(`alerts.kinds.${k}`) }))} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="operator" label={kind === "anomaly" ? t("alerts.fields.direction") : t("alerts.fields.operator")} rules={[required(t("alerts.fields.operator"))]}>
            <Select style={{ minWidth: 200 }} options={operators.map((o) => ({ value: o, label: t(kind === "anomaly" ? `alerts.directions.${o}` : `alerts.operators.${o}`) }))} />
          </Form.Item>
          {kind !== "anomaly" && (
            <Form.Item name="threshold" label={kind === "pct_change" ? t("alerts.fields.thresholdPct") : t("alerts.fields.threshold")} rules={[required(t("alerts.fields.threshold"))]}>
              <InputNumber style={{ width: 180 }} addonAfter={kind === "pct_change" ? "%" : undefined} />
            </Form.Item>
          )}
          {kind === "pct_change" && (
            <Form.Item name="comparison" label={t("alerts.fields.comparison")} rules={[required(t("alerts.fields.comparison"))]}>
              <Select style={{ minWidth: 220 }} options={ALERT_COMPARISONS.map((c) => ({ value: c, label: t(`alerts.comparisons.${c}`) }))} />
            </Form.Item>
          )}
          {kind === "anomaly" && (
            <Form.Item name="sensitivity" label={t("alerts.fields.sensitivity")} extra={t("alerts.help.anomaly")}>
              <Select style={{ minWidth: 200 }} options={ALERT_SENSITIVITIES.map((s) => ({ value: s, label: t(`alerts.sensitivities.${s}`) }))} />
            </Form.Item>
          )}
        </Space>
        <Space wrap align="start">
          <Form.Item name="grain" label={t("alerts.fields.grain")} extra={metric ? t("alerts.help.grain") : undefined} rules={[required(t("alerts.fields.grain"))]}>
            <Select style={{ minWidth: 140 }} disabled={!grains.length} options={grains.map((g) => ({ value: g, label: t(`alerts.grains.${g}`) }))} />
          </Form.Item>
          <Form.Item name="forMinutes" label={t("alerts.fields.forMinutes")} extra={t("alerts.help.forMinutes")}>
            <InputNumber min={0} max={1440} addonAfter={t("alerts.minutes")} style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t("alerts.sections.channels")}>
        <Form.Item name="bellRoles" label={t("alerts.fields.bellRoles")} extra={t("alerts.help.bellRoles")}>
          <Select mode="multiple" options={ROLES.filter((r) => r !== "partner").map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="emailTo"
          label={t("alerts.fields.emailTo")}
          extra={t("alerts.help.emailTo")}
          rules={[
            { type: "array", max: 20, message: t("errors.fields.too_big.array", { maximum: 20 }) },
            {
              validator: async (_, v?: string[]) => {
                const bad = (v ?? []).find((e) => !EMAIL.test(e.trim()));
                return bad === undefined ? undefined : Promise.reject(new Error(t("form.emails", { value: bad })));
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[",", " "]} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t("alerts.fields.webhookUrl")} rules={[{ validator: async (_, v?: string) => (!v || isHttpUrl(v) ? undefined : Promise.reject(new Error(t("alerts.help.url")))) }, { max: 2000, message: t("form.maxLength", { count: 2000 }) }]}>
          <Input placeholder="https://hooks.slack.com/services/…" />
        </Form.Item>
        {webhookUrl ? (
          <Form.Item
            name="webhookSecret"
            label={t("alerts.fields.webhookSecret")}
            extra={hasSecret ? t("alerts.help.webhookSecretKeep") : t("alerts.help.webhookSecret")}
            rules={[...(mode === "create" || !hasSecret ? [required(t("alerts.fields.webhookSecret"))] : []), { min: 16, message: t("form.minLength", { count: 16 }) }, { max: 200, message: t("form.maxLength", { count: 200 }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <Space size="large">
          <Form.Item name="enabled" label={t("alerts.fields.enabled")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="muted" label={t("alerts.fields.muted")} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Card>
    </Space>
  );
}
