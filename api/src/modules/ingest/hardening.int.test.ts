import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";

const now = () => new Date().toISOString();
const login = (id: string, extra: Record<string, unknown> = {}) => ({ event_id: id, type: "login", user_id: "u0000001", ts: now(), props: { device: "ios" }, ...extra });

/** #9 item 9: old timestamps, NUL in ids, `__proto__` in props (per event), bogus keys throttled. */
describe.each(databaseTargets())("ingest hardening on %s", (kind) => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await testApp(kind, { INGEST_BAD_KEYS_PER_MINUTE: "5" });
    const admin = await t.login("admin@demo.ist");
    key = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "tests" } })).json().key;
  });
  afterAll(() => t?.close());

  const post = (body: string, authorization = `Bearer ${key}`, remoteAddress = "10.9.9.9") =>
    t.app.inject({ method: "POST", url: "/v1/ingest/events", remoteAddress, headers: { authorization, "content-type": "application/json" }, payload: body });
  const reasons = (res: { json(): { errors: { index: number; reason: string }[] } }) => Object.fromEntries(res.json().errors.map((e) => [e.index, e.reason]));

  it("refuses timestamps before the lower bound, and impossible days, per event", async () => {
    const res = await post(
      JSON.stringify({
        events: [login("h-ts-ok"), login("h-ts-1", { ts: "0001-01-01T00:00:00Z" }), login("h-ts-1970", { ts: "1970-01-01T00:00:00Z" }), login("h-ts-feb30", { ts: "2025-02-30T10:00:00Z" })],
      }),
    );
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 3 });
    const r = reasons(res);
    expect(r[1]).toBe("ts: must not be before 2000-01-01T00:00:00.000Z");
    expect(r[2]).toBe("ts: must not be before 2000-01-01T00:00:00.000Z");
    expect(r[3]).toBe("ts: is not a valid date");
  });

  it("refuses NUL in ids and props with a reason naming the field", async () => {
    const res = await post(JSON.stringify({ events: [login("h-nul\u0000id"), login("h-nul-user", { user_id: "u\u0000" }), login("h-nul-prop", { props: { screen: "a\u0000" } }), login("h-nul-ok")] }));
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 3 });
    const r = reasons(res);
    expect(r[0]).toBe("event_id: must not contain NUL (U+0000) characters");
    expect(r[1]).toBe("user_id: must not contain NUL (U+0000) characters");
    expect(r[2]).toBe("props.screen: must not contain NUL (U+0000) characters");
  });

  it("an event whose props hold __proto__ is that event's rejection, not the batch's", async () => {
    // written by hand: JSON.stringify would not produce an own __proto__ key
    const body = `{"events":[${JSON.stringify(login("h-proto-ok"))},{"event_id":"h-proto","type":"login","user_id":"u1","ts":"${now()}","props":{"__proto__":{"admin":true}}},{"event_id":"h-ctor","type":"login","user_id":"u1","ts":"${now()}","props":{"constructor":{"prototype":{"x":1}}}}]}`;
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 2 });
    const r = reasons(res);
    expect(r[1]).toBe("props.__proto__: a key named __proto__ is not allowed");
    expect(r[2]).toBe("props.constructor: a key named constructor holding a prototype is not allowed");
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("still answers malformed JSON in the one error format", async () => {
    const res = await post("{not json");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "malformed_json", requestId: expect.any(String) });
  });

  it("throttles bogus keys per client address without a database lookup each time; a good key still passes", async () => {
    const lookups = async () => {
      const metric = await t.app.metrics.registry.getSingleMetric("ingest_key_checks_total")!.get();
      const pick = (outcome: string) => metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
      return { lookup: pick("lookup"), throttled: pick("throttled") };
    };
    const before = await lookups();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(JSON.stringify({ events: [] }), `Bearer ist_ing_bogus${i}`, "10.66.0.1")).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    const after = await lookups();
    expect(after.lookup - before.lookup).toBe(5);
    expect(after.throttled - before.throttled).toBe(7);
    const throttled = await post(JSON.stringify({ events: [] }), "Bearer ist_ing_bogus-more", "10.66.0.1");
    expect(throttled.headers["retry-after"]).toMatch(/^\d+$/);
    expect(throttled.json()).toMatchObject({ code: "rate_limited" });
    // another address is not affected, and a key this process knows is good passes from the throttled one
    expect((await post(JSON.stringify({ events: [] }), "Bearer ist_ing_other", "10.66.0.2")).statusCode).toBe(401);
    expect((await post(JSON.stringify({ events: [login("h-good-key-1")] }), `Bearer ${key}`, "10.66.0.2")).statusCode).toBe(202);
    expect((await post(JSON.stringify({ events: [login("h-good-key-2")] }), `Bearer ${key}`, "10.66.0.1")).statusCode).toBe(202);
  });
});
