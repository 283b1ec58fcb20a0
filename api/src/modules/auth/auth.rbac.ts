import { ROLES } from "@ist/db";
import type { AccessRow } from "../../domain";

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/auth/me", allowed: ROLES },
  { method: "PATCH", url: "/api/auth/me", allowed: ROLES, body: { locale: "fr" } },
  { method: "POST", url: "/api/auth/login", allowed: "public", body: { email: "nobody@x.io", password: "x" } },
  { method: "POST", url: "/api/auth/logout", allowed: ROLES },
  { method: "POST", url: "/api/auth/password", allowed: ROLES, body: { currentPassword: "x", newPassword: "x" } },
];
