import type { ResourceProps } from "@refinedev/core";
import type { ConsoleDomain, ConsoleResource, Messages, ResourceAction } from "./domain";
import { LANGUAGES, type Language } from "./providers/languages";

/** Strings that belong to no domain (the shell, Refine's own, the bell): `locales/<lang>/<file>.json`. */
export interface LocaleSource {
  name: string;
  locales: Record<Language, Messages>;
}

export interface GuardMeta {
  permission?: string;
  writePermission?: string;
}

export interface ConsoleBuild {
  resources: ConsoleResource[];
  /** one i18n bundle per language: the shared strings and every domain's, merged */
  locales: Record<Language, Messages>;
  findResource(name: string): ConsoleResource | undefined;
  childrenOf(name: string): ConsoleResource[];
  /** whether a user holding `permissions` (null: nobody signed in) may take `action` on the resource */
  can(permissions: readonly string[] | null, resource: string | undefined, action: string, meta?: GuardMeta): boolean;
  /** the menu entries (groups included) a user holding `permissions` sees, in menu order */
  menu(permissions: readonly string[] | null): ConsoleResource[];
  /** what Refine gets: the same list, labels translated, pages left out */
  toRefineResources(t: (key: string) => string): ResourceProps[];
}

const WRITE_ACTIONS = new Set(["create", "edit", "delete", "clone"]);
export const RESOURCE_ACTIONS: readonly ResourceAction[] = ["list", "create", "edit", "show"];

const isObject = (value: unknown): value is Messages => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every string's dotted key ("alerts.form.name"); permission names keep their colon ("permissions.users:read"). */
export function leafKeys(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) => (isObject(value) ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

/** The string at a dotted key, as i18next reads it (one namespace, `.` separates levels). */
export function messageAt(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) node = isObject(node) ? node[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

/** Deep-merges `source` into `target`; a string two sources both define is a mistake, not an override. */
function mergeMessages(target: Messages, source: Messages, origin: string, owners: Map<string, string>, prefix = ""): void {
  for (const [key, value] of Object.entries(source)) {
    const path = `${prefix}${key}`;
    if (isObject(value)) {
      const existing = target[key];
      if (existing !== undefined && !isObject(existing)) throw new Error(`locale key "${path}" is a string in ${owners.get(path)} and a group in ${origin}`);
      target[key] = existing ?? {};
      owners.set(path, owners.get(path) ?? origin);
      mergeMessages(target[key] as Messages, value, origin, owners, `${path}.`);
      continue;
    }
    if (target[key] !== undefined) throw new Error(`locale key "${path}" is defined by both ${owners.get(path)} and ${origin}`);
    target[key] = value;
    owners.set(path, origin);
  }
}

function paths(resource: ConsoleResource): string[] {
  return RESOURCE_ACTIONS.map((action) => resource[action]).filter((path): path is string => typeof path === "string");
}

/**
 * The console as a list of domains makes it: resources in the order of the list, one locale bundle
 * per language, and the access rule the menu and the routes both follow. Pure, so a test can build
 * a console with an extra domain and look at it without a browser.
 */
export function buildConsole(domains: readonly ConsoleDomain[], options: { shared?: readonly LocaleSource[] } = {}): ConsoleBuild {
  const resources: ConsoleResource[] = [];
  const nameOwner = new Map<string, string>();
  const pathOwner = new Map<string, string>();
  for (const domain of domains) {
    if (nameOwner.has(`domain:${domain.name}`)) throw new Error(`console domain "${domain.name}" is listed twice`);
    nameOwner.set(`domain:${domain.name}`, domain.name);
    for (const resource of domain.resources) {
      const other = nameOwner.get(resource.name);
      if (other) throw new Error(`resource "${resource.name}" is declared by both ${other} and ${domain.name}`);
      nameOwner.set(resource.name, domain.name);
      for (const path of paths(resource)) {
        const owner = pathOwner.get(path);
        if (owner) throw new Error(`path "${path}" is declared by both ${owner} and ${domain.name}`);
        pathOwner.set(path, domain.name);
      }
      resources.push(resource);
    }
  }

  const sources: LocaleSource[] = [...(options.shared ?? []), ...domains.map((d) => ({ name: `domain ${d.name}`, locales: d.locales }))];
  const locales = Object.fromEntries(
    LANGUAGES.map((language) => {
      const merged: Messages = {};
      const owners = new Map<string, string>();
      for (const source of sources) {
        const messages = source.locales[language];
        if (!messages) throw new Error(`${source.name} has no ${language} strings`);
        mergeMessages(merged, messages, source.name, owners);
      }
      return [language, merged];
    }),
  ) as Record<Language, Messages>;

  const findResource = (name: string) => resources.find((r) => r.name === name || r.identifier === name);
  const childrenOf = (name: string) => resources.filter((r) => r.meta.parent === name);

  const can: ConsoleBuild["can"] = (permissions, name, action, meta) => {
    const guard: GuardMeta | undefined = meta ?? (name ? findResource(name)?.meta : undefined);
    const children = name ? childrenOf(name) : [];
    // a menu group without a permission of its own is worth showing only if one of its entries is
    if (children.length > 0 && !guard?.permission) return children.some((child) => can(permissions, child.name, action));
    if (!permissions) return false;
    const needed = (WRITE_ACTIONS.has(action) ? guard?.writePermission : undefined) ?? guard?.permission;
    return needed === undefined || permissions.includes(needed);
  };

  return {
    resources,
    locales,
    findResource,
    childrenOf,
    can,
    menu: (permissions) => resources.filter((r) => (r.list !== undefined || childrenOf(r.name).length > 0) && can(permissions, r.name, "list")),
    toRefineResources: (t) => resources.map(({ pages: _pages, meta, ...resource }) => ({ ...resource, meta: { ...meta, label: t(meta.label) } })),
  };
}
