import { describe, expect, it } from "vitest";
import { EVENT_TYPES, validateBatch, validateEvent } from "./schema.js";

const now = new Date("2025-03-01T12:00:00Z");
const base = { event_id: "e1", user_id: "u1", ts: "2025-03-01T11:00:00Z" };

describe("validateEvent", () => {
  it.each([
    ["missing event_id", { ...base, event_id: undefined, type: "login" }, "event_id: is required"],
    ["long event_id", { ...base, event_id: "x".repeat(65), type: "login" }, "event_id: must be at most 64 characters"],
    ["long user_id", { ...base, user_id: "x".repeat(65), type: "login" }, "user_id: must be at most 64 characters"],
    ["unknown type", { ...base, type: "teleport" }, "type: must be one of signup"],
    ["ts without zone", { ...base, type: "login", ts: "2025-03-01T11:00:00" }, "ts: must be an ISO-8601 timestamp with a zone"],
    ["ts not a date", { ...base, type: "login", ts: "2025-13-45T11:00:00Z" }, "ts: is not a valid date"],
    ["ts in the future", { ...base, type: "login", ts: "2025-03-01T12:06:00Z" }, "ts: must not be more than 5 minutes in the future"],
    ["props not object", { ...base, type: "login", props: [1] }, "props: must be an object"],
    ["amount as number", { ...base, type: "deposit", props: { amount: 10.5, currency: "USD" } }, "props.amount: must be a decimal string"],
    ["amount 9 decimals", { ...base, type: "deposit", props: { amount: "1.123456789", currency: "USD" } }, "props.amount: must be a decimal string"],
    ["negative amount", { ...base, type: "deposit", props: { amount: "-1", currency: "USD" } }, "props.amount: must be a decimal string"],
    ["bad currency", { ...base, type: "deposit", props: { amount: "1", currency: "usd" } }, "props.currency: must be an ISO 4217 currency code"],
    ["missing currency", { ...base, type: "ad_revenue", props: { amount: "1" } }, "props.currency: is required"],
    ["trade side", { ...base, type: "trade", props: { symbol: "BTCUSDT", side: "hold", qty: "1", price: "2", fee: "0.1", currency: "USD", is_copy: false } }, "props.side: must be one of buy, sell"],
    ["trade is_copy", { ...base, type: "trade", props: { symbol: "BTCUSDT", side: "buy", qty: "1", price: "2", fee: "0.1", currency: "USD", is_copy: "no" } }, "props.is_copy: must be a boolean"],
    ["nps out of range", { ...base, type: "nps_response", props: { score: 11 } }, "props.score: must be at most 10"],
    ["nps fractional", { ...base, type: "nps_response", props: { score: 7.5 } }, "props.score:"],
    ["signup country", { ...base, type: "signup", props: { country: "USA", channel: "organic", device: "ios" } }, "props.country: must be an ISO 3166-1 alpha-2 country code"],
    ["subscription interval", { ...base, type: "subscription_start", props: { plan: "pro", interval: "week", amount: "9.99", currency: "USD" } }, "props.interval: must be one of month, year"],
    ["refund without reference", { ...base, type: "refund", props: { amount: "9.99", currency: "USD" } }, "props.revenue_event_id: is required"],
    ["not an object", "login", "event: must be an object"],
    ["ts in year 1", { ...base, type: "login", ts: "0001-01-01T00:00:00Z" }, "ts: must not be before 2000-01-01T00:00:00.000Z"],
    ["ts in 1970", { ...base, type: "login", ts: "1970-01-01T00:00:00Z" }, "ts: must not be before 2000-01-01"],
    ["ts on a day that does not exist", { ...base, type: "login", ts: "2025-02-29T10:00:00Z" }, "ts: is not a valid date"],
    ["NUL in event_id", { ...base, event_id: "e\u0000", type: "login" }, "event_id: must not contain NUL (U+0000) characters"],
    ["NUL in a prop key", { ...base, type: "login", props: { "a\u0000": 1 } }, "props.a\\u0000: keys must not contain NUL"],
    ["__proto__ in props", { ...base, type: "login", props: JSON.parse('{"__proto__":{"x":1}}') as object }, "props.__proto__: a key named __proto__ is not allowed"],
    ["props nested too deep", { ...base, type: "login", props: JSON.parse(`${'{"a":'.repeat(20)}1${"}".repeat(20)}`) as object }, "must not be nested more than 16 levels deep"],
  ])("rejects %s", (_name, input, reason) => {
    const r = validateEvent(input, now);
    expect("reason" in r && r.reason).toContain(reason);
  });

  it("normalizes money into amount/currency and keeps the other props as JSON", () => {
    const r = validateEvent(
      { ...base, type: "trade", ts: "2025-03-01T19:00:00+08:00", props: { symbol: "BTCUSDT", side: "buy", qty: "0.5", price: "60000", fee: "30.00000001", currency: "USD", is_copy: true, leader_id: "u9", utm: "x" } },
      now,
    );
    expect(r).toEqual({
      row: {
        event_id: "e1",
        type: "trade",
        user_id: "u1",
        ts: "2025-03-01T11:00:00.000Z",
        amount: "30.00000001",
        currency: "USD",
        props: JSON.stringify({ symbol: "BTCUSDT", side: "buy", qty: "0.5", price: "60000", is_copy: true, leader_id: "u9", utm: "x" }),
        ingested_at: now.toISOString(),
      },
    });
  });

  it("accepts events without props when the type has none, and a ts up to 5 minutes ahead", () => {
    const r = validateEvent({ ...base, type: "kyc_verified", ts: "2025-03-01T12:04:59Z" }, now);
    expect("row" in r && r.row.props).toBe("{}");
    expect("row" in r && r.row.amount).toBeNull();
  });

  it("covers every type of the contract", () => {
    expect(EVENT_TYPES).toHaveLength(24);
  });
});

describe("validateBatch", () => {
  it("reports bad events by index and keeps the good ones", () => {
    const batch = [
      { ...base, type: "login" },
      { ...base, event_id: "e2", type: "deposit", props: { amount: 5, currency: "USD" } },
      { ...base, event_id: "e3", type: "page_view", props: { screen: "home" } },
      null,
    ];
    const r = validateBatch(batch, now);
    expect(r.rows.map((x) => x.event_id)).toEqual(["e1", "e3"]);
    expect(r.indexes).toEqual([0, 2]);
    expect(r.errors).toEqual([
      { index: 1, reason: expect.stringContaining("props.amount: must be a decimal string") },
      { index: 3, reason: "event: must be an object" },
    ]);
  });
});
