import type { AccessRow } from "../../domain";

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/keys", allowed: ["admin"] },
  { method: "POST", url: "/api/keys", allowed: ["admin"], body: {} },
  { method: "DELETE", url: "/api/keys/:id", allowed: ["admin"] },
];
