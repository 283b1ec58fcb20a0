import { describe, expect, it } from "vitest";
import { ROLES } from "@ist/db";
import { can, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS } from "./rbac";

describe("RBAC table", () => {
  it("covers every role and only known permissions", () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) for (const p of permissionsOf(role)) expect(PERMISSIONS).toContain(p);
  });
  it("gives admin everything and keeps user admin and PII to admins", () => {
    for (const p of PERMISSIONS) expect(can("admin", p)).toBe(true);
    for (const role of ROLES.filter((r) => r !== "admin")) {
      expect(can(role, "users:write")).toBe(false);
      expect(can(role, "pii:read")).toBe(false);
    }
  });
});
