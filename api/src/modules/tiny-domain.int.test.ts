import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDeps, type TestApp, type TestDeps } from "../../../test/app";
import { domainRows, rbacMatrix } from "../../../test/rbac-matrix";
import { tiny } from "../../../test/tiny-domain/api";
import { rows as tinyRows } from "../../../test/tiny-domain/tiny.rbac";
import { buildApp } from "../app";
import { buildCli, runCli } from "../cli/main";
import type { ApiDomain } from "../domain";
import { API_DOMAINS } from "./registry";

/**
 * A domain defined outside the app (test/tiny-domain/) and registered by one line, the list
 * below, shows up everywhere the api composes domains: /docs, the route table, the RBAC decision,
 * /api/auth/me and the CLI.
 */
const domains = [...API_DOMAINS, tiny];

function showsUpInTheApp(app: () => TestApp) {
  const openapi = async () => (await app().app.inject({ url: "/docs/json" })).json();

  it("is in /docs with its response schema", async () => {
    const get = (await openapi()).paths["/api/tiny/things"]?.get;
    expect(get?.tags).toEqual(["tiny"]);
    expect(get?.responses["200"]?.content["application/json"]?.schema).toMatchObject({
      type: "array",
      items: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } }, required: ["id", "name"] },
    });
  });

  it("is in the route table under its permission", () => {
    expect(app().app.routeAccess.filter((r) => r.domain === "tiny")).toEqual([{ method: "GET", url: "/api/tiny/things", access: "tiny:read", domain: "tiny" }]);
  });

  it("lets admin and support in, refuses operator, asks anonymous to sign in", async () => {
    const get = async (cookie?: string) => app().app.inject({ url: "/api/tiny/things", headers: cookie ? { cookie } : {} });
    for (const who of ["admin", "support"]) {
      const res = await get(await app().login(`${who}@demo.ist`));
      expect(res.statusCode, who).toBe(200);
      expect(res.json()).toEqual([{ id: 1, name: "pebble" }, { id: 2, name: "acorn" }]);
    }
    const operator = await get(await app().login("operator@demo.ist"));
    expect(operator.statusCode).toBe(403);
    expect(operator.json()).toMatchObject({ code: "forbidden", message: "your role (operator) lacks tiny:read" });
    expect((await get()).statusCode).toBe(401);
  });

  it("is listed by /api/auth/me and in its permissions enum", async () => {
    const me = async (who: string) => (await app().app.inject({ url: "/api/auth/me", headers: { cookie: await app().login(`${who}@demo.ist`) } })).json().permissions;
    expect(await me("admin")).toContain("tiny:read");
    expect(await me("support")).toEqual(["dashboards:read", "tiny:read"]);
    expect(await me("operator")).not.toContain("tiny:read");
    const schema = (await openapi()).paths["/api/auth/me"].get.responses["200"].content["application/json"].schema;
    expect(schema.properties.permissions.items.enum).toEqual(app().app.rbac.permissions);
    expect(app().app.rbac.permissions).toContain("tiny:read");
  });
}

// the app with the tiny domain: held to the same matrix as the shipped domains, with its hand-written rows
rbacMatrix({ domains, rows: { ...(await domainRows(API_DOMAINS)), tiny: tinyRows }, check: ["tiny"], also: showsUpInTheApp });

describe("the CLI with the tiny domain", () => {
  const bufferIo = () => {
    const out: string[] = [];
    return { io: { stdin: async () => "", out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) }, text: () => out.join("") };
  };

  it("lists and runs `ist tiny hello`; without the domain there is no such command", async () => {
    const help = bufferIo();
    expect(await runCli(["tiny", "--help"], help.io, domains)).toBe(0);
    expect(help.text()).toMatch(/hello\s+greet from the tiny domain/);
    expect(buildCli(bufferIo().io, domains).commands.map((c) => c.name())).toEqual(["users", "keys", "sql", "seed", "ingest", "simulate", "commissions", "tiny"]);

    const run = bufferIo();
    expect(await runCli(["tiny", "hello"], run.io, domains)).toBe(0);
    expect(JSON.parse(run.text())).toEqual({ hello: "tiny", things: 2 });

    expect(await runCli(["tiny", "hello"], bufferIo().io)).toBe(2);
  });
});

describe("a domain missing a piece stops the app, naming it", () => {
  let d: TestDeps;
  beforeAll(async () => {
    d = await testDeps("pglite");
  });
  afterAll(() => d?.release());
  const broken = (patch: Partial<ApiDomain>): ApiDomain => ({ ...tiny, ...patch });

  it.each<[string, ApiDomain, RegExp]>([
    [
      "a route asking for a permission no domain declares",
      broken({ permissions: { "tiny:read": { description: "See tiny things", roles: ["admin"] }, "tiny:write": { description: "Change tiny things", roles: ["admin"], uiOnly: true } }, routes: async (app) => void app.post("/api/tiny/things", { config: { access: "tiny:delete" as "tiny:read" } }, async () => ({})) }),
      /route POST \/api\/tiny\/things asks for permission "tiny:delete", which no registered domain declares/,
    ],
    ["a permission without a description", broken({ permissions: { "tiny:read": { description: "", roles: ["admin", "support"] } } }), /permission "tiny:read" of domain tiny has no description/],
    ["a permission no route asks for", broken({ permissions: { ...tiny.permissions, "tiny:write": { description: "Change tiny things", roles: ["admin"] } } }), /permission "tiny:write" of domain tiny guards no route/],
    ["a route another domain registers", broken({ routes: [tiny.routes, async (app) => void app.get("/api/alerts", { config: { access: "tiny:read" } }, async () => [])] }), /route GET \/api\/alerts is registered by two domains: alerts and tiny/],
    ["a route without access", broken({ routes: [tiny.routes, async (app) => void app.get("/api/tiny/open", async () => [])] }), /route GET \/api\/tiny\/open declares no access/],
  ])("%s", async (_what, domain, message) => {
    // buildApp closes what it opened before it throws: the next build finds the same deps intact
    await expect(buildApp(d.deps, { domains: [...API_DOMAINS, domain] })).rejects.toThrow(message);
  });
});
