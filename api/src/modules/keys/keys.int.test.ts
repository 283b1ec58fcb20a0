import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, eq, sha256 } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";

const event = (id: string) => ({ event_id: id, type: "login", user_id: "u1", ts: new Date().toISOString(), props: {} });

describe.each(databaseTargets())("ingest and SDK keys on %s", (kind) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await testApp(kind);
    admin = await t.login("admin@demo.ist");
  });
  afterAll(() => t?.close());

  const ingest = (key: string, id: string) =>
    t.app.inject({ method: "POST", url: "/v1/ingest/events", headers: { authorization: `Bearer ${key}` }, payload: { events: [event(id)] } });

  it("shows a new key once, stores only its hash, and never lists it", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "  prod cluster " } });
    expect(res.statusCode).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const created = res.json();
    expect(created).toMatchObject({ kind: "ingest", name: "prod cluster", createdBy: "admin@demo.ist", lastUsedAt: null, revokedAt: null });
    expect(created.key).toMatch(/^ist_ing_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 14));

    const [row] = await t.database.handle.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(sha256(created.key));

    const list = await t.app.inject({ url: "/api/keys?kind=ingest", headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    expect(list.headers["x-total-count"]).toBe("1");
    expect(list.body).not.toContain(created.key);
    expect(list.body).not.toContain(sha256(created.key));
    const [listed] = list.json();
    expect(Object.keys(listed).sort()).toEqual(["createdAt", "createdBy", "id", "kind", "lastUsedAt", "name", "prefix", "revokedAt"]);
    expect((await t.app.inject({ url: "/api/keys?kind=sdk", headers: { cookie: admin } })).json()).toEqual([]);
  });

  it("lets an ingest key ingest, records its last use, and stops it within 5 s of revocation", async () => {
    const { id, key } = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "to revoke" } })).json();
    expect((await ingest(key, "k-1")).statusCode).toBe(202);
    await expect.poll(async () => (await t.app.inject({ url: "/api/keys?revoked=false", headers: { cookie: admin } })).json().find((k: { id: number }) => k.id === id)?.lastUsedAt).not.toBeNull();

    const revoked = await t.app.inject({ method: "DELETE", url: `/api/keys/${id}`, headers: { cookie: admin } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const at = Date.now();
    let status = 202;
    for (let i = 0; status !== 401 && Date.now() - at < 6_000; i++) {
      status = (await ingest(key, `k-after-${i}`)).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(Date.now() - at).toBeLessThan(5_000);
    // revoking again changes nothing
    const again = await t.app.inject({ method: "DELETE", url: `/api/keys/${id}`, headers: { cookie: admin } });
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    expect((await t.app.inject({ url: "/api/keys?revoked=true", headers: { cookie: admin } })).json().map((k: { id: number }) => k.id)).toEqual([id]);
  });

  it("keeps SDK keys out of ingest and refuses bad input", async () => {
    const sdk = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "sdk", name: "web app" } })).json();
    expect(sdk.key).toMatch(/^ist_sdk_/);
    expect((await ingest(sdk.key, "sdk-1")).statusCode).toBe(401);

    const bad = await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "master", name: "" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/kind/);
    expect((await t.app.inject({ method: "DELETE", url: "/api/keys/999999", headers: { cookie: admin } })).statusCode).toBe(404);
  });

  it("is for admins only", async () => {
    const operator = await t.login("operator@demo.ist");
    expect((await t.app.inject({ url: "/api/keys", headers: { cookie: operator } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: operator }, payload: { kind: "ingest", name: "x" } })).statusCode).toBe(403);
  });
});
