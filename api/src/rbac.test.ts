import { describe, expect, expectTypeOf, it } from "vitest";
import { ROLES } from "@ist/db";
import { can, permissionNames, permissionsOf, rolePermissions, type Permission } from "./rbac";

describe("RBAC table", () => {
  it("covers every role and only known permissions", () => {
    expect(Object.keys(rolePermissions()).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) for (const p of permissionsOf(role)) expect(permissionNames()).toContain(p);
  });
  it("gives admin everything and keeps user admin and PII to admins", () => {
    for (const p of permissionNames()) expect(can("admin", p)).toBe(true);
    for (const role of ROLES.filter((r) => r !== "admin")) {
      expect(can(role, "users:write")).toBe(false);
      expect(can(role, "pii:read")).toBe(false);
    }
  });
  it("types the permission names the shipped domains declare", () => {
    expectTypeOf<"alerts:write">().toExtend<Permission>();
    expectTypeOf<"dashboards:read">().toExtend<Permission>();
    expectTypeOf<"alerts:delete">().not.toExtend<Permission>();
  });
});
