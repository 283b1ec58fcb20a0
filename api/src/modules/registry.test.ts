import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defineApiDomain, type ApiDomain } from "../domain";
import { assertEveryPermissionGuards, assertKnownAccess, composeRbac } from "../rbac";
import { API_DOMAINS as REGISTRY } from "./registry";

const API_DOMAINS: readonly ApiDomain[] = REGISTRY;

const folder = (name: string) => new URL(`./${name}/`, import.meta.url);

/**
 * What every registered domain must have. The route-level rules (every route declares access and
 * names a declared permission, every permission guards a route or is uiOnly, no route registered
 * twice) need the routes registered, so buildApp enforces them at start-up and
 * tiny-domain.int.test.ts proves each refusal; here, the checks themselves and the descriptors.
 */
describe("API_DOMAINS", () => {
  it("names each domain once, after its folder, whose index.ts exports it", async () => {
    const names = API_DOMAINS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const domain of API_DOMAINS) {
      const mod = (await import(`./${domain.name}/index.ts`)) as Record<string, unknown>;
      expect(Object.values(mod), domain.name).toContain(domain);
    }
  });

  it("gives every domain routes or commands, and its hand-written RBAC rows", () => {
    for (const domain of API_DOMAINS) {
      expect(domain.routes ?? domain.cli, domain.name).toBeDefined();
      expect(existsSync(new URL(`${domain.name}.rbac.ts`, folder(domain.name))), `${domain.name}/${domain.name}.rbac.ts`).toBe(true);
    }
  });

  it("composes one RBAC table: each permission declared once, described, granted to admin", () => {
    const rbac = composeRbac(API_DOMAINS);
    const declared = API_DOMAINS.flatMap((d) => Object.keys(d.permissions ?? {}));
    expect(new Set(declared).size).toBe(declared.length);
    expect(rbac.permissions).toEqual([...declared].sort());
    for (const permission of rbac.permissions) {
      const spec = rbac.spec(permission)!;
      expect(spec.description.trim().length, permission).toBeGreaterThan(0);
      expect(spec.roles, permission).toContain("admin");
    }
  });

  it("keeps today's grants (the RBAC matrix test checks them route by route)", () => {
    const rbac = composeRbac(API_DOMAINS);
    expect(rbac.permissionsOf("operator")).toEqual(["alerts:read", "alerts:write", "dashboards:read", "jobs:read"]);
    expect(rbac.permissionsOf("marketer")).toEqual(["alerts:read", "dashboards:read"]);
    expect(rbac.permissionsOf("support")).toEqual(["dashboards:read"]);
    expect(rbac.permissionsOf("finance")).toEqual(["alerts:read", "audit:read", "dashboards:read", "finance:contact", "finance:read", "finance:write"]);
    expect(rbac.permissionsOf("viewer")).toEqual(["alerts:read", "dashboards:read"]);
    expect(rbac.permissionsOf("partner")).toEqual([]);
    expect(rbac.permissionsOf("admin")).toEqual(rbac.permissions);
    // the ones no route asks for: the console's Settings menu and unmasked personal data
    expect(rbac.permissions.filter((p) => rbac.spec(p)!.uiOnly)).toEqual(["finance:contact", "pii:read", "settings:read", "settings:write"]);
  });
});

describe("what a domain gets wrong fails, naming it", () => {
  const ok = defineApiDomain({ name: "tiny", permissions: { "tiny:read": { description: "See tiny things", roles: ["admin", "support"] } } });
  const compose = (...extra: ApiDomain[]) => () => composeRbac([...API_DOMAINS, ...extra]);

  it.each<[string, ApiDomain[], RegExp]>([
    ["a domain name used twice", [{ ...ok, permissions: {} }, { name: "tiny" }], /domain "tiny" is registered twice/],
    ["a permission another domain declares", [{ name: "tiny", permissions: { "alerts:read": { description: "x", roles: ["admin"] } } }], /"alerts:read" is declared by two domains: alerts and tiny/],
    ["a permission without a description", [{ name: "tiny", permissions: { "tiny:read": { description: " ", roles: ["admin"] } } }], /"tiny:read" of domain tiny has no description/],
    ["a permission admin lacks", [{ name: "tiny", permissions: { "tiny:read": { description: "x", roles: ["support"] } } }], /"tiny:read" of domain tiny is not granted to admin/],
    ["an unknown role", [{ name: "tiny", permissions: { "tiny:read": { description: "x", roles: ["admin", "boss" as "admin"] } } }], /grants an unknown role "boss"/],
    ["a name that is not <domain>:<verb>", [{ name: "tiny", permissions: { TinyRead: { description: "x", roles: ["admin"] } } }], /"TinyRead" of domain tiny: name it <domain>:<verb>/],
  ])("%s", (_what, extra, message) => {
    expect(compose(...extra)).toThrow(message);
  });

  it("a route asking for a permission no domain declares", () => {
    const rbac = composeRbac([...API_DOMAINS, ok]);
    expect(() => assertKnownAccess(rbac, "GET /api/tiny/things", "tiny:write")).toThrow('route GET /api/tiny/things asks for permission "tiny:write", which no registered domain declares');
    for (const access of ["public", "authenticated", "tiny:read", "alerts:read"]) assertKnownAccess(rbac, "GET /api/tiny/things", access);
  });

  it("a permission no route asks for, unless it is uiOnly", () => {
    const rbac = composeRbac([...API_DOMAINS, ok]);
    const shipped = ["users:read", "users:write", "audit:read", "jobs:read", "jobs:run", "keys:read", "keys:write", "alerts:read", "alerts:write", "dashboards:read", "finance:read", "finance:write"];
    expect(() => assertEveryPermissionGuards(rbac, shipped)).toThrow('permission "tiny:read" of domain tiny guards no route');
    assertEveryPermissionGuards(rbac, [...shipped, "tiny:read"]);
    const uiOnly = composeRbac([...API_DOMAINS, { name: "tiny", permissions: { "tiny:read": { description: "x", roles: ["admin"], uiOnly: true } } }]);
    assertEveryPermissionGuards(uiOnly, shipped);
  });
});
