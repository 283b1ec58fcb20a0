import { describe, expect, it } from "vitest";
import { validateBatch, validateEvent } from "./schema.js";

const now = new Date("2026-03-01T12:00:00Z");
const base = { event_id: "e1", user_id: "u1", ts: "2026-03-01T11:00:00Z" };
const signup = (props: Record<string, unknown>) => ({ ...base, type: "signup", props: { country: "GB", channel: "organic", device: "ios", ...props } });

describe("personal data at ingest", () => {
  it.each([
    ["an email prop", { email: "someone@example.org" }, "props.email: personal data"],
    ["a phone prop", { phone_number: "+44 20 7946 0958" }, "props.phone_number: personal data"],
    ["a name prop", { firstName: "Ada" }, "props.firstName: personal data"],
    ["an email under another name", { contact: "someone@example.org" }, "props.contact: looks like an email address"],
    ["a phone under another name", { contact: "+86 138 0013 8000" }, "props.contact: looks like a phone number"],
    ["a nested one", { extra: { who: { mobile: "13800138000" } } }, "props.extra.who.mobile: personal data"],
  ])("refuses %s with a reason naming the field", (_label, props, reason) => {
    const r = validateEvent(signup(props), now);
    expect("reason" in r && r.reason).toContain(reason);
  });

  it("refuses an email as the user id", () => {
    const r = validateEvent({ ...signup({}), user_id: "someone@example.org" }, now);
    expect("reason" in r && r.reason).toMatch(/^user_id: /);
  });

  it("keeps the platform's own props, amounts, dates and ids", () => {
    for (const props of [{ referral_code: "ABC-123" }, { utm: "2026-03-01" }, { campaign: "1234567890" }, { leader: "u12345678901" }]) {
      expect(validateEvent(signup(props), now)).toHaveProperty("row");
    }
    expect(validateEvent({ ...base, type: "deposit", props: { amount: "123456789.12345678", currency: "USD" } }, now)).toHaveProperty("row");
  });

  it("refuses only the personal event of a batch", () => {
    const { rows, errors } = validateBatch([signup({}), { ...signup({ email: "a@b.io" }), event_id: "e2" }], now);
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([{ index: 1, reason: expect.stringContaining("props.email") }]);
  });
});
