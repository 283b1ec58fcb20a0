import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../test/app";

const production = { NODE_ENV: "production", SESSION_SECRET: randomBytes(32).toString("hex"), ENCRYPTION_KEY: randomBytes(32).toString("hex") };

describe("cross-site requests (Origin / Sec-Fetch-Site)", () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp("pglite", { ALLOWED_ORIGINS: "https://console.example.com" });
    cookie = await t.login("admin@demo.ist");
  });
  afterAll(() => t?.close());

  const foreign = { origin: "https://evil.example", "content-type": "text/plain" };
  it.each([
    ["POST", "/api/notifications/read-all"],
    ["POST", "/api/jobs/audit/prune"],
    ["POST", "/api/alerts/1/test"],
    ["PATCH", "/api/auth/me"],
    ["POST", "/api/auth/logout"],
  ])("refuses %s %s from a foreign Origin with 403, the session intact", async (method, url) => {
    const res = await t.app.inject({ method: method as "POST", url, headers: { cookie, ...foreign, host: "localhost:3000" }, payload: "{}" });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "forbidden", message: expect.stringContaining("cross-site") });
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(200);
  });

  it("refuses Sec-Fetch-Site cross-site and same-site without an Origin", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const res = await t.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: { cookie, "sec-fetch-site": site } });
      expect(res.statusCode).toBe(403);
    }
  });

  it("accepts the console's own origin, a configured origin, and clients that send neither header", async () => {
    const own = await t.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: { cookie, host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" } });
    expect(own.statusCode).toBe(200);
    const configured = await t.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: { cookie, origin: "https://console.example.com" } });
    expect(configured.statusCode).toBe(200);
    const cli = await t.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: { cookie } });
    expect(cli.statusCode).toBe(200);
    // reads are not checked
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie, origin: "https://evil.example" } })).statusCode).toBe(200);
  });

  it("lets ingest with an API key through whatever the Origin (the key decides: a bogus one is 401, not 403)", async () => {
    const res = await t.app.inject({ method: "POST", url: "/v1/ingest/events", headers: { authorization: "Bearer ist_bogus", origin: "https://platform.example" }, payload: { events: [] } });
    expect(res.statusCode).toBe(401);
  });
});

describe("/metrics and /docs in production", () => {
  it("closes both when neither a token nor API_DOCS is set", async () => {
    const t = await testApp("pglite", production);
    try {
      expect((await t.app.inject({ url: "/metrics" })).statusCode).toBe(404);
      expect((await t.app.inject({ url: "/docs/json" })).statusCode).toBe(404);
      expect((await t.app.inject({ url: "/docs" })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it("serves /metrics to the scrape token only, and /docs when API_DOCS=1", async () => {
    const token = randomBytes(24).toString("hex");
    const t = await testApp("pglite", { ...production, METRICS_TOKEN: token, API_DOCS: "1" });
    try {
      expect((await t.app.inject({ url: "/metrics" })).statusCode).toBe(401);
      expect((await t.app.inject({ url: "/metrics", headers: { authorization: "Bearer wrong-token-wrong-token" } })).statusCode).toBe(401);
      const ok = await t.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain("http_requests_total");
      expect((await t.app.inject({ url: "/docs/json" })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
