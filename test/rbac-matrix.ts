import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@ist/db";
import type { AccessRow, ApiDomain } from "../api/src/domain";
import { testApp, type TestApp } from "./app";

type Who = Role | "anonymous";

/** Each domain's hand-written rows, from `modules/<domain>/<domain>.rbac.ts`; a domain without one fails here. */
export async function domainRows(domains: readonly ApiDomain[]): Promise<Record<string, readonly AccessRow[]>> {
  const entries = await Promise.all(
    domains.map(async (d) => {
      const mod = (await import(`../api/src/modules/${d.name}/${d.name}.rbac.ts`).catch((error: Error) => {
        throw new Error(`domain ${d.name} has no api/src/modules/${d.name}/${d.name}.rbac.ts with its expected access rows (${error.message})`);
      })) as { rows: readonly AccessRow[] };
      return [d.name, mod.rows] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The RBAC matrix: the app built from `domains` registers exactly each domain's rows, and every
 * role (and no session) gets through each row's route exactly as the row says. A request that
 * passes access may still fail validation (400) or find nothing (404); a refused one is 403, an
 * anonymous one 401. `check` limits the requests to some domains (the route lists are always compared);
 * `also` adds tests of its own on the same app.
 */
export function rbacMatrix(opts: {
  domains: readonly ApiDomain[];
  rows: Record<string, readonly AccessRow[]>;
  check?: readonly string[];
  also?: (app: () => TestApp) => void;
}): void {
  describe("RBAC matrix", () => {
    let t: TestApp;
    const cookies = new Map<Who, string>();
    beforeAll(async () => {
      t = await testApp("pglite", {}, { domains: opts.domains });
      const admin = await t.login("admin@demo.ist");
      for (const role of ["viewer", "partner"] as const) {
        await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email: `${role}@x.io`, displayName: role, role, password: "long-enough-pw" } });
      }
      for (const role of ROLES) cookies.set(role, await t.login(...credentials(role)));
    });
    afterAll(() => t?.close());

    it.each(opts.domains.map((d) => d.name))("domain %s registers exactly its rows", (name) => {
      const registered = t.app.routeAccess.filter((r) => r.domain === name).map((r) => `${r.method} ${r.url}`);
      expect(registered.sort()).toEqual((opts.rows[name] ?? []).map((r) => `${r.method} ${r.url}`).sort());
    });

    it("leaves no /api or /v1 route outside a domain", () => {
      expect(t.app.routeAccess.filter((r) => /^\/(api|v1)\//.test(r.url) && !r.domain)).toEqual([]);
    });

    opts.also?.(() => t);

    const checked = opts.domains.filter((d) => !opts.check || opts.check.includes(d.name));
    const cases = checked.flatMap((d) => (opts.rows[d.name] ?? []).flatMap((row) => (["anonymous", ...ROLES] as Who[]).map((who) => ({ ...row, who }))));
    it.each(cases)("$method $url as $who", async ({ method, url, path, allowed, body, who }) => {
      // logout ends the session it is given, so it gets a session of its own
      const cookie = who === "anonymous" ? undefined : url === "/api/auth/logout" ? await t.login(...credentials(who)) : cookies.get(who);
      const res = await t.app.inject({
        method,
        url: path ?? url.replace(":id", "999999"),
        headers: { ...(cookie ? { cookie } : {}), ...(url.endsWith("/stream") ? { accept: "application/json" } : {}) },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      if (allowed === "public") expect([200, 401, 429]).toContain(res.statusCode);
      else if (who === "anonymous") expect(res.statusCode).toBe(401);
      else if (allowed.includes(who)) expect([200, 204, 400, 404, 406]).toContain(res.statusCode);
      else {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: "forbidden", requestId: expect.any(String) });
      }
    });
  });
}

function credentials(role: Role): [string, string?] {
  return ["viewer", "partner"].includes(role) ? [`${role}@x.io`, "long-enough-pw"] : [`${role}@demo.ist`];
}
