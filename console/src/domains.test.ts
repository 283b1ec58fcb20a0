import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tinyDomain } from "../../test/tiny-domain/console";
import { buildConsole, leafKeys, messageAt, RESOURCE_ACTIONS, type LocaleSource } from "./build-console";
import type { ConsoleDomain } from "./domain";
import { DOMAINS } from "./domains";
import { LANGUAGES } from "./providers/languages";
import { SHARED_LOCALES } from "./resources";

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }>>;
}
interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: string[];
}

const openapi = JSON.parse(readFileSync(join(import.meta.dirname, "api/openapi.json"), "utf8")) as OpenApiDocument;
const meSchema = openapi.paths["/api/auth/me"]?.get?.responses?.["200"]?.content?.["application/json"]?.schema;
/** what `/api/auth/me` can answer, as the committed document says (an enum composed from the api's domains) */
const documented = meSchema?.properties?.permissions?.items?.enum;
const API_PERMISSIONS: readonly string[] = documented ?? [];
const PERMISSIONS = API_PERMISSIONS;

/** Everything a domain list can get wrong, in words a reader can act on; [] when the console is complete. */
function problems(domains: readonly ConsoleDomain[], shared: readonly LocaleSource[], apiPermissions: readonly string[]): string[] {
  const found: string[] = [];
  const sources: LocaleSource[] = [...shared, ...domains.map((d) => ({ name: `domain ${d.name}`, locales: d.locales }))];
  for (const source of sources) {
    const [first, ...others] = LANGUAGES.map((language) => new Set(leafKeys(source.locales[language] ?? {})));
    for (const [i, keys] of [first!, ...others].entries()) {
      for (const key of keys) {
        for (const [j, other] of [first!, ...others].entries()) {
          if (!other.has(key)) found.push(`${source.name}: "${key}" is in ${LANGUAGES[i]} but not in ${LANGUAGES[j]}`);
        }
      }
    }
  }
  let built;
  try {
    built = buildConsole(domains, { shared });
  } catch (error) {
    return [...found, (error as Error).message];
  }
  const known = new Set(apiPermissions);
  for (const domain of domains) {
    for (const resource of domain.resources) {
      for (const permission of [resource.meta.permission, resource.meta.writePermission]) {
        if (permission !== undefined && !known.has(permission)) found.push(`${domain.name}: resource "${resource.name}" needs "${permission}", which the api does not know`);
      }
      for (const language of LANGUAGES) {
        if (!messageAt(built.locales[language], resource.meta.label)) found.push(`${domain.name}: resource "${resource.name}" has no ${language} label "${resource.meta.label}"`);
      }
    }
  }
  for (const permission of apiPermissions) {
    for (const language of LANGUAGES) {
      if (!messageAt(built.locales[language], `permissions.${permission}`)) found.push(`permission "${permission}" has no ${language} label "permissions.${permission}"`);
    }
  }
  return found;
}

describe("the console's domains", () => {
  it("are complete: strings in both languages, permissions the api knows, each labelled, no resource or path twice", () => {
    expect(problems(DOMAINS, SHARED_LOCALES, API_PERMISSIONS)).toEqual([]);
  });

  it("take the api's permissions from the OpenAPI document (generated from the real app; CI runs pnpm gen:api --check)", () => {
    expect(documented).toEqual(expect.arrayContaining(["users:read", "alerts:write", "keys:write", "pii:read"]));
  });

  it("keep the menu, routes and labels the console had", () => {
    const shell = buildConsole(DOMAINS, { shared: SHARED_LOCALES });
    const admin = [...PERMISSIONS];
    expect(shell.menu(admin).map((r) => [r.name, messageAt(shell.locales.en, r.meta.label), messageAt(shell.locales["zh-CN"], r.meta.label)])).toEqual([
      ["dashboard", "Home", "首页"],
      ["dashboards", "Dashboards", "看板"],
      ["metric-explorer", "Metric explorer", "指标探索"],
      ["alerts", "Alerts", "告警"],
      ["finance", "Finance", "财务"],
      ["finance/partners", "Partners", "合作伙伴"],
      ["finance/plans", "Commission plans", "佣金方案"],
      ["users", "Users", "用户"],
      ["jobs", "Jobs", "任务"],
      ["audit", "Audit log", "审计日志"],
      ["settings", "Settings", "设置"],
      ["keys", "Ingest keys", "接入密钥"],
      ["account", "My account", "我的账户"],
    ]);
    const routes = shell.resources.flatMap((r) => RESOURCE_ACTIONS.filter((a) => r.pages[a] && typeof r[a] === "string").map((a) => `${r[a] as string} ${r.name}:${a}`));
    expect(routes).toEqual([
      "/ dashboard:list",
      "/dashboards dashboards:list",
      "/dashboards/:slug dashboards:show",
      "/explore metric-explorer:list",
      "/alerts alerts:list",
      "/alerts/create alerts:create",
      "/alerts/edit/:id alerts:edit",
      "/alerts/show/:id alerts:show",
      "/finance/partners finance/partners:list",
      "/finance/partners/create finance/partners:create",
      "/finance/partners/edit/:id finance/partners:edit",
      "/finance/partners/show/:id finance/partners:show",
      "/finance/plans finance/plans:list",
      "/finance/plans/create finance/plans:create",
      "/finance/plans/edit/:id finance/plans:edit",
      "/users users:list",
      "/users/create users:create",
      "/users/edit/:id users:edit",
      "/jobs jobs:list",
      "/audit audit:list",
      "/settings/keys keys:list",
      "/settings/account account:list",
    ]);
    // a viewer sees what the viewer role allows, and Settings with the entry every user has (their account)
    expect(shell.menu(["dashboards:read", "alerts:read"]).map((r) => r.name)).toEqual(["dashboard", "dashboards", "metric-explorer", "alerts", "settings", "account"]);
    expect(shell.can(["alerts:read"], "alerts", "edit")).toBe(false);
    expect(shell.can(["alerts:read", "alerts:write"], "alerts", "edit")).toBe(true);
    expect(shell.menu(null)).toEqual([]);
  });

  it("a domain with a string in one language, an unknown permission or no permission label is reported", () => {
    const lopsided = { ...tinyDomain, locales: { en: { ...tinyDomain.locales.en, tiny: { menu: "Tiny things", extra: "only English" } }, "zh-CN": tinyDomain.locales["zh-CN"] } };
    expect(problems([...DOMAINS, lopsided], SHARED_LOCALES, API_PERMISSIONS)).toEqual([
      'domain tiny: "tiny.extra" is in en but not in zh-CN',
      'tiny: resource "tiny-things" needs "tiny:read", which the api does not know',
    ]);
    const unlabelled = { ...tinyDomain, locales: { en: { tiny: { menu: "Tiny things" } }, "zh-CN": { tiny: { menu: "小物件" } } } };
    expect(problems([...DOMAINS, unlabelled], SHARED_LOCALES, [...API_PERMISSIONS, "tiny:read"])).toEqual([
      'permission "tiny:read" has no en label "permissions.tiny:read"',
      'permission "tiny:read" has no zh-CN label "permissions.tiny:read"',
    ]);
  });

  it("two domains declaring one resource name, one path or one string are refused, naming both", () => {
    const sameName = { ...tinyDomain, name: "tiny-2", resources: [{ ...tinyDomain.resources[0], list: "/tiny-2" }], locales: { en: {}, "zh-CN": {} } };
    expect(() => buildConsole([tinyDomain, sameName])).toThrow('resource "tiny-things" is declared by both tiny and tiny-2');
    const samePath = { ...sameName, resources: [{ ...tinyDomain.resources[0], name: "tiny-others", list: "/alerts" }] };
    expect(() => buildConsole([...DOMAINS, samePath], { shared: SHARED_LOCALES })).toThrow('path "/alerts" is declared by both alerts and tiny-2');
    const sameString = { ...sameName, resources: [], locales: { en: { menu: { alerts: "Alarms" } }, "zh-CN": {} } };
    expect(() => buildConsole([...DOMAINS, sameString], { shared: SHARED_LOCALES })).toThrow('locale key "menu.alerts" is defined by both domain alerts and domain tiny-2');
  });
});

describe("a tiny domain (test/tiny-domain/console.tsx) added by one line", () => {
  const shell = buildConsole([...DOMAINS, tinyDomain], { shared: SHARED_LOCALES });

  it("is in the menu and the routes for a user with tiny:read, and not for one without", () => {
    expect(shell.menu(["dashboards:read", "tiny:read"]).map((r) => r.name)).toContain("tiny-things");
    expect(shell.menu(["dashboards:read"]).map((r) => r.name)).not.toContain("tiny-things");
    expect(shell.can(["tiny:read"], "tiny-things", "list")).toBe(true);
    expect(shell.can(["dashboards:read"], "tiny-things", "list")).toBe(false);
    expect(shell.findResource("tiny-things")?.pages.list).toBeTypeOf("function");
  });

  it("has its label and its permission's label in both languages", () => {
    expect(shell.toRefineResources((key) => messageAt(shell.locales.en, key) ?? key).find((r) => r.name === "tiny-things")?.meta?.label).toBe("Tiny things");
    expect(shell.toRefineResources((key) => messageAt(shell.locales["zh-CN"], key) ?? key).find((r) => r.name === "tiny-things")?.meta?.label).toBe("小物件");
    expect(messageAt(shell.locales["zh-CN"], "permissions.tiny:read")).toBe("查看小物件");
    expect(problems([...DOMAINS, tinyDomain], SHARED_LOCALES, [...API_PERMISSIONS, "tiny:read"])).toEqual([]);
  });
});
