import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../../test/app";

const now = () => new Date().toISOString();
const login = (id: string) => ({ event_id: id, type: "login", user_id: "u0000001", ts: now(), props: { device: "ios" } });
const deposit = (id: string, amount: unknown = "12.50") => ({ event_id: id, type: "deposit", user_id: "u0000002", ts: now(), props: { amount, currency: "USD" } });

describe("POST /v1/ingest/events", () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await testApp("pglite");
    const admin = await t.login("admin@demo.ist");
    key = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "tests" } })).json().key;
  });
  afterAll(() => t?.close());

  const post = (payload: unknown, authorization = `Bearer ${key}`) =>
    t.app.inject({ method: "POST", url: "/v1/ingest/events", headers: { authorization, "content-type": "application/json" }, payload: JSON.stringify(payload) });
  const stored = async (ids: string[]) => {
    await t.app.warehouse.flush();
    return t.app.warehouse.query<{ event_id: string; n: number }>(
      `select event_id, count(*)::integer as n from events where list_contains($ids::varchar[], event_id) group by event_id order by event_id`,
      { ids: `[${ids.join(",")}]` },
    );
  };

  it("accepts the good events, names the field of each bad one, and never lets a bad one sink the batch", async () => {
    const batch = [
      login("b-ok-1"),
      { ...login("b-bad-type"), type: "teleport" },
      { event_id: "b-no-user", type: "login", ts: now(), props: {} },
      { ...login("b-future"), ts: new Date(Date.now() + 10 * 60_000).toISOString() },
      deposit("b-float", 12.5),
      { event_id: "b-nps", type: "nps_response", user_id: "u1", ts: now(), props: { score: "9" } },
      { ...login("b-bad-ts"), ts: "yesterday" },
      deposit("b-ok-2"),
    ];
    const res = await post({ events: batch });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 6 });
    const reasons = Object.fromEntries(body.errors.map((e: { index: number; reason: string }) => [e.index, e.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reasons[1]).toMatch(/^type: must be one of /);
    expect(reasons[2]).toMatch(/^user_id: is required/);
    expect(reasons[3]).toMatch(/^ts: must not be more than 5 minutes in the future/);
    expect(reasons[4]).toMatch(/^props\.amount: must be a decimal string/);
    expect(reasons[5]).toMatch(/^props\.score: must be a number/);
    expect(reasons[6]).toMatch(/^ts: must be an ISO-8601 timestamp/);
    expect(await stored(["b-ok-1", "b-ok-2", "b-float"])).toEqual([
      { event_id: "b-ok-1", n: 1 },
      { event_id: "b-ok-2", n: 1 },
    ]);
  });

  it("counts a retry with the same event_ids as duplicates and stores nothing twice", async () => {
    const batch = [login("r-1"), deposit("r-2"), login("r-3")];
    expect((await post({ events: batch })).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    await t.app.warehouse.flush();
    expect((await post({ events: batch })).json()).toEqual({ accepted: 0, duplicates: 3, rejected: 0, errors: [] });
    expect((await post({ events: [login("r-4"), login("r-4")] })).json()).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await stored(["r-1", "r-2", "r-3", "r-4"])).map((r) => r.n)).toEqual([1, 1, 1, 1]);
    const metrics = (await t.app.inject({ url: "/metrics" })).body;
    expect(metrics).toMatch(/ingest_events_total\{outcome="duplicate"\} 4/);
    expect(metrics).toMatch(/lake_flushes_total\{outcome="ok"\} \d+/);
  });

  it("makes an acknowledged event queryable within 10 s", async () => {
    const acked = Date.now();
    expect((await post({ events: [deposit("fresh-1", "99.99")] })).statusCode).toBe(202);
    let rows: Array<{ amount: string }> = [];
    while (rows.length === 0 && Date.now() - acked < 12_000) {
      rows = await t.app.warehouse.query(`select amount from events where event_id = $id`, { id: "fresh-1" });
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toEqual([{ amount: "99.99000000" }]);
    expect(Date.now() - acked).toBeLessThan(10_000);
    expect(t.app.warehouse.lastFlushAt!.getTime()).toBeGreaterThanOrEqual(acked - 2_500);
  });

  it.each([
    ["no header", ""],
    ["another scheme", `Basic ${Buffer.from("a:b").toString("base64")}`],
    ["an unknown key", "Bearer ist_ing_thisKeyWasNeverIssuedToAnyoneAtAll"],
    ["a session-like token", "Bearer abc"],
  ])("answers 401 to %s", async (_name, authorization) => {
    const res = await post({ events: [login("unauth")] }, authorization);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: "unauthorized", requestId: expect.any(String) });
  });

  it("answers 413 past 10,000 events or 5 MB, and 400 without an events array", async () => {
    const many = await post({ events: Array.from({ length: 10_001 }, (_, i) => ({ event_id: `m${i}` })) });
    expect(many.statusCode).toBe(413);
    expect(many.json()).toMatchObject({ code: "payload_too_large", message: expect.stringMatching(/^events: at most 10000 events per batch, got 10001/) });
    const big = await post({ events: [{ ...login("big"), props: { pad: "x".repeat(5 * 1024 * 1024) } }] });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("payload_too_large");
    const exactlyMax = await post({ events: Array.from({ length: 10_000 }, (_, i) => ({ event_id: `x${i}` })) });
    expect(exactlyMax.json()).toMatchObject({ accepted: 0, rejected: 10_000 });
    const none = await post({ event: [] });
    expect(none.statusCode).toBe(400);
    expect(none.json().details.fields).toEqual([{ code: "invalid_type", path: "events", message: "must be an array of events", params: { expected: "array" } }]);
  });
});

describe("ingest dedupe across restarts", () => {
  it("drops a retry, after a restart, of a batch an earlier process acknowledged and flushed", async () => {
    const lakeDir = mkdtempSync(join(tmpdir(), "ist-lake-"));
    const batch = [login("restart-1"), deposit("restart-2")];
    const run = async (fn: (post: (events: unknown[]) => Promise<Record<string, unknown>>, t: TestApp) => Promise<void>) => {
      const t = await testApp("pglite", { LAKE_DIR: lakeDir });
      try {
        const admin = await t.login("admin@demo.ist");
        const key = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "restart" } })).json().key;
        const post = async (events: unknown[]) =>
          (await t.app.inject({ method: "POST", url: "/v1/ingest/events", headers: { authorization: `Bearer ${key}` }, payload: { events } })).json() as Record<string, unknown>;
        await fn(post, t);
      } finally {
        await t.close();
      }
    };
    try {
      await run(async (post) => expect(await post(batch)).toMatchObject({ accepted: 2, duplicates: 0 }));
      // the first process flushed its WAL at close: the retry reaches a process with an empty WAL
      await run(async (post, t) => {
        expect(await post([...batch, login("restart-3")])).toMatchObject({ accepted: 1, duplicates: 2 });
        await t.app.warehouse.flush();
        const rows = await t.app.warehouse.query<{ n: number }>(`select count(*)::integer as n from events where starts_with(event_id, 'restart-')`);
        expect(rows).toEqual([{ n: 3 }]);
      });
    } finally {
      rmSync(lakeDir, { recursive: true, force: true });
    }
  });
});

describe("ingest rate limit", () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it("limits requests per key, not per client", async () => {
    t = await testApp("pglite", { INGEST_MAX_PER_MINUTE: "3" });
    const admin = await t.login("admin@demo.ist");
    const keys = await Promise.all(["one", "two"].map(async (name) => (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name } })).json().key as string));
    const post = (key: string) => t.app.inject({ method: "POST", url: "/v1/ingest/events", headers: { authorization: `Bearer ${key}` }, payload: { events: [] } });
    for (let i = 0; i < 3; i++) expect((await post(keys[0]!)).statusCode).toBe(202);
    const limited = await post(keys[0]!);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toEqual(expect.any(String));
    expect((await post(keys[1]!)).statusCode).toBe(202);
  });
});
