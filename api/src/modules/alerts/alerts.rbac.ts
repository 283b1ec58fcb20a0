import type { AccessRow } from "../../domain";

const readers = ["admin", "operator", "marketer", "finance", "viewer"] as const;
const writers = ["admin", "operator"] as const;

export const rows: AccessRow[] = [
  { method: "GET", url: "/api/alerts", allowed: readers },
  { method: "GET", url: "/api/alerts/:id", allowed: readers },
  { method: "POST", url: "/api/alerts", allowed: writers, body: {} },
  { method: "PATCH", url: "/api/alerts/:id", allowed: writers, body: { name: "" } },
  { method: "DELETE", url: "/api/alerts/:id", allowed: writers },
  { method: "POST", url: "/api/alerts/:id/mute", allowed: writers, body: { muted: true } },
  { method: "POST", url: "/api/alerts/:id/snooze", allowed: writers, body: { until: null } },
  { method: "GET", url: "/api/alerts/:id/events", allowed: readers },
  { method: "POST", url: "/api/alerts/:id/test", allowed: writers },
];
