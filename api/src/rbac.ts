import { ROLES, type Role } from "@ist/db";
import type { ApiDomain, PermissionOf, PermissionSpec } from "./domain";
import { API_DOMAINS } from "./modules/registry";

/**
 * The one RBAC table, composed from the domains' `permissions`: routes declare the permission they
 * need (`config.access`), the console's menu shows a resource only when `/api/auth/me` lists its
 * permission. Nothing else decides access.
 */

/**
 * Permission names of a domain registered outside API_DOMAINS (the tests' tiny domain) join the
 * type by augmenting this interface; the shipped ones come from the registry itself.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ExtraPermissions {}

export type Permission = PermissionOf<(typeof API_DOMAINS)[number]> | (keyof ExtraPermissions & string);

/** `public`: no session; `authenticated`: any signed-in user; otherwise the permission needed. */
export type Access = "public" | "authenticated" | Permission;

export interface Rbac {
  /** every permission the domains declare, sorted by name */
  readonly permissions: readonly Permission[];
  /** the permission's spec and the domain that declares it */
  spec(permission: string): (PermissionSpec & { domain: string }) | undefined;
  can(role: Role, permission: Permission): boolean;
  /** sorted by name */
  permissionsOf(role: Role): Permission[];
}

const NAME = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

/**
 * Builds the table from the domains. Throws, naming the domain and permission, when two domains
 * share a name or a permission, or a permission lacks a description, names an unknown role or
 * leaves out admin (admin holds every permission).
 */
export function composeRbac(domains: readonly ApiDomain[]): Rbac {
  const specs = new Map<string, PermissionSpec & { domain: string }>();
  const names = new Set<string>();
  for (const domain of domains) {
    if (names.has(domain.name)) throw new Error(`domain "${domain.name}" is registered twice`);
    names.add(domain.name);
    for (const [permission, spec] of Object.entries(domain.permissions ?? {})) {
      const where = `permission "${permission}" of domain ${domain.name}`;
      const other = specs.get(permission);
      if (other) throw new Error(`permission "${permission}" is declared by two domains: ${other.domain} and ${domain.name}`);
      if (!NAME.test(permission)) throw new Error(`${where}: name it <domain>:<verb>, lowercase`);
      if (!spec.description?.trim()) throw new Error(`${where} has no description`);
      const unknown = spec.roles.find((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown) throw new Error(`${where} grants an unknown role "${unknown}"`);
      if (!spec.roles.includes("admin")) throw new Error(`${where} is not granted to admin, who holds every permission`);
      specs.set(permission, { ...spec, domain: domain.name });
    }
  }
  const permissions = [...specs.keys()].sort() as Permission[];
  const byRole = new Map<Role, Permission[]>(ROLES.map((role) => [role, permissions.filter((p) => specs.get(p)!.roles.includes(role))]));
  return {
    permissions,
    spec: (permission) => specs.get(permission),
    can: (role, permission) => specs.get(permission)?.roles.includes(role) ?? false,
    permissionsOf: (role) => [...(byRole.get(role) ?? [])],
  };
}

/** At registration: a route may only ask for a permission some registered domain declares. */
export function assertKnownAccess(rbac: Rbac, route: string, access: string): void {
  if (access === "public" || access === "authenticated" || rbac.spec(access)) return;
  throw new Error(`route ${route} asks for permission "${access}", which no registered domain declares: add it to a domain's permissions`);
}

/** After registration: a permission no route asks for refuses nobody, unless the console alone reads it (`uiOnly`). */
export function assertEveryPermissionGuards(rbac: Rbac, accesses: Iterable<string>): void {
  const guarded = new Set(accesses);
  for (const permission of rbac.permissions) {
    const spec = rbac.spec(permission)!;
    if (!spec.uiOnly && !guarded.has(permission)) {
      throw new Error(`permission "${permission}" of domain ${spec.domain} guards no route: name it in a route's config.access, or mark it uiOnly`);
    }
  }
}

// The shipped table, built on first use: rbac.ts and the route modules import each other through
// the registry, so nothing here may read API_DOMAINS while the modules are still being evaluated.
let shipped: Rbac | undefined;
function shippedRbac(): Rbac {
  if (shipped) return shipped;
  try {
    return (shipped = composeRbac(API_DOMAINS));
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new Error("the RBAC table was read while the modules were loading: inside a route plugin use app.rbac instead", { cause: error });
    }
    throw error;
  }
}

/** Every permission of the shipped domains, sorted; an app's own list is `app.rbac.permissions`. */
export function permissionNames(): readonly Permission[] {
  return shippedRbac().permissions;
}

/** Role → permissions of the shipped domains. */
export function rolePermissions(): Record<Role, readonly Permission[]> {
  const rbac = shippedRbac();
  const table = {} as Record<Role, readonly Permission[]>;
  for (const role of ROLES) table[role] = rbac.permissionsOf(role);
  return table;
}

export function can(role: Role, permission: Permission): boolean {
  return shippedRbac().can(role, permission);
}

export function permissionsOf(role: Role): Permission[] {
  return shippedRbac().permissionsOf(role);
}
