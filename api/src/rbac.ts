import type { Role } from "@ist/db";

/**
 * The one RBAC table. Routes declare the permission they need (`config.access`), the console's
 * menu shows a resource only when `/api/auth/me` lists its permission. Nothing else decides access.
 */
export const PERMISSIONS = [
  "users:read",
  "users:write",
  "audit:read",
  "jobs:read",
  "jobs:run",
  "pii:read",
  "dashboards:read",
  "settings:read",
  "settings:write",
  "alerts:read",
  "alerts:write",
  // ingest and SDK keys: whoever holds one writes events or reads flags, so admins only
  "keys:read",
  "keys:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  operator: ["dashboards:read", "jobs:read", "alerts:read", "alerts:write"],
  marketer: ["dashboards:read", "alerts:read"],
  support: ["dashboards:read"],
  finance: ["dashboards:read", "audit:read", "alerts:read"],
  viewer: ["dashboards:read", "alerts:read"],
  partner: [],
};

/** `public`: no session; `authenticated`: any signed-in user; otherwise the permission needed. */
export type Access = "public" | "authenticated" | Permission;

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}
