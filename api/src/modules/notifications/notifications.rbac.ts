import { ROLES } from "@ist/db";
import type { AccessRow } from "../../domain";

// everyone's own notifications
export const rows: AccessRow[] = [
  { method: "GET", url: "/api/notifications", allowed: ROLES },
  { method: "POST", url: "/api/notifications/:id/read", allowed: ROLES },
  { method: "POST", url: "/api/notifications/read-all", allowed: ROLES },
];
