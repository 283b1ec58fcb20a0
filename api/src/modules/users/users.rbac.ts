import type { AccessRow } from "../../domain";

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/users", allowed: ["admin"] },
  { method: "GET", url: "/api/users/:id", allowed: ["admin"] },
  { method: "POST", url: "/api/users", allowed: ["admin"], body: {} },
  { method: "PATCH", url: "/api/users/:id", allowed: ["admin"], body: { role: "nope" } },
  { method: "DELETE", url: "/api/users/:id", allowed: ["admin"] },
];
