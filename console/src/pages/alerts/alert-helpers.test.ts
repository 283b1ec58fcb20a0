import { describe, expect, it } from "vitest";
import { alertGrainsOf, defaultAlertGrain, deliveriesOf, lastErrorText, silenceOf, toRuleBody, type AlertFormValues } from "./alert-helpers";

const form = (over: Partial<AlertFormValues>): AlertFormValues => ({
  name: "r",
  metric: "trades",
  filters: {},
  kind: "threshold",
  operator: "gt",
  threshold: 10,
  comparison: "previous_period",
  sensitivity: "high",
  grain: "hour",
  forMinutes: 5,
  enabled: true,
  bellRoles: ["operator"],
  emailTo: [],
  webhookUrl: "",
  muted: false,
  ...over,
});

describe("alert form helpers", () => {
  it.each([
    ["threshold", { threshold: 10, comparison: null, sensitivity: null }],
    ["pct_change", { threshold: 10, comparison: "previous_period", sensitivity: null }],
    ["anomaly", { threshold: null, comparison: null, sensitivity: "high" }],
  ] as const)("sends only what a %s rule uses", (kind, expected) => {
    expect(toRuleBody(form({ kind }))).toMatchObject({ kind, ...expected, webhookUrl: null });
  });

  it("drops empty filters and keeps the stored secret when the box is empty", () => {
    const body = toRuleBody(form({ filters: { country: ["DE"], channel: [] }, webhookSecret: "" }));
    expect(body.filters).toEqual({ country: ["DE"] });
    expect(body).not.toHaveProperty("webhookSecret");
  });

  it.each([
    [{ muted: true, snoozedUntil: "2999-01-01T00:00:00Z" }, "muted"],
    [{ muted: false, snoozedUntil: "2999-01-01T00:00:00Z" }, "snoozed"],
    [{ muted: false, snoozedUntil: "2000-01-01T00:00:00Z" }, null],
    [{ muted: false, snoozedUntil: null }, null],
  ] as const)("%j is %s", (rule, expected) => {
    expect(silenceOf(rule)).toBe(expected);
  });
});

describe("deliveriesOf", () => {
  it("keeps each channel's outcome and leaves out entries of another shape", () => {
    const deliveries = { bell: { status: "sent" }, email: { status: "skipped", reason: "no SMTP_URL" }, webhook: { status: "failed", error: "timeout" }, pager: "ok", sms: null };
    expect(deliveriesOf({ deliveries } as never)).toEqual([
      ["bell", { status: "sent" }],
      ["email", { status: "skipped", reason: "no SMTP_URL" }],
      ["webhook", { status: "failed", error: "timeout" }],
    ]);
  });
});

describe("a rule's grains", () => {
  it.each([
    [["hour", "day", "week", "month"], ["hour", "day"], "day"],
    [["day", "week", "month"], ["day"], "day"],
    [["hour"], ["hour"], "hour"],
    [["week", "month"], [], undefined],
  ] as const)("a metric with %j offers %j, starting at %s", (metric, offered, first) => {
    expect(alertGrainsOf(metric)).toEqual(offered);
    expect(defaultAlertGrain(alertGrainsOf(metric))).toBe(first);
  });
});

describe("the evaluator's reasons in the UI language", () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}${JSON.stringify({ ...options, defaultValue: undefined })}`;
  it.each([
    ["no data: no complete bucket in the series", 'alerts.errors.noBucket{}'],
    ["no data: needs 4 weeks of history, has 2", 'alerts.errors.noHistory{"need":"4","has":"2"}'],
    ["grain: nps is not available by hour (allowed: day, week, month)", 'alerts.errors.noGrain{"metric":"nps","grain":"alerts.grains.hour{}"}'],
    ["lake unreadable: EACCES", "lake unreadable: EACCES"],
  ])("%s", (error, expected) => expect(lastErrorText(error, t)).toBe(expected));
});
