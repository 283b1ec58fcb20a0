import type { AccessRow } from "../../domain";

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/audit", allowed: ["admin", "finance"] },
  { method: "GET", url: "/api/audit/actions", allowed: ["admin", "finance"] },
];
