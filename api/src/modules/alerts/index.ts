import { defineApiDomain } from "../../domain";
import { alertsRoutes } from "./alerts.routes";

const readers = ["admin", "operator", "marketer", "finance", "viewer"] as const;

/** Alert rules on metrics: CRUD, mute, snooze, test, their event history. */
export const alerts = defineApiDomain({
  name: "alerts",
  permissions: {
    "alerts:read": { description: "See alert rules and their history", roles: readers },
    "alerts:write": { description: "Create, change, mute and snooze alert rules", roles: ["admin", "operator"] },
  },
  routes: alertsRoutes,
});
