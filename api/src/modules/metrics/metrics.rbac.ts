import type { AccessRow } from "../../domain";

const readers = ["admin", "operator", "marketer", "support", "finance", "viewer"] as const;

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/metrics", allowed: readers },
  { method: "GET", url: "/api/metrics/:name", path: "/api/metrics/prune", allowed: readers },
  { method: "GET", url: "/api/dimensions/:dimension/values", path: "/api/dimensions/country/values", allowed: readers },
];
