import type { AccessRow } from "../../domain";

const readers = ["admin", "operator", "marketer", "support", "finance", "viewer"] as const;

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/dashboards", allowed: readers },
  { method: "GET", url: "/api/dashboards/:slug", allowed: readers },
  { method: "GET", url: "/api/dashboards/stream", allowed: readers },
];
