import type { AccessRow } from "../../domain";

const finance = ["admin", "finance"] as const;

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/finance/plans", allowed: finance },
  { method: "GET", url: "/api/finance/plans/:id", allowed: finance },
  { method: "POST", url: "/api/finance/plans", allowed: finance, body: {} },
  { method: "PATCH", url: "/api/finance/plans/:id", allowed: finance, body: { name: "" } },
  { method: "POST", url: "/api/finance/plans/:id/versions", allowed: finance, body: {} },
  { method: "GET", url: "/api/finance/partners", allowed: finance },
  { method: "GET", url: "/api/finance/partners/:id", allowed: finance },
  { method: "POST", url: "/api/finance/partners", allowed: finance, body: {} },
  { method: "PATCH", url: "/api/finance/partners/:id", allowed: finance, body: { name: "" } },
];
