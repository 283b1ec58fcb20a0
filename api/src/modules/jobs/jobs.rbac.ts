import type { AccessRow } from "../../domain";

const watchers = ["admin", "operator"] as const;

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/jobs", allowed: watchers },
  { method: "GET", url: "/api/jobs/definitions", allowed: watchers },
  { method: "POST", url: "/api/jobs/:queue/:name", path: "/api/jobs/audit/prune", allowed: ["admin"], body: { retentionDays: -1 } },
  { method: "GET", url: "/api/jobs/stream", allowed: watchers },
];
