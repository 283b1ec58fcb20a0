import { defineApiDomain } from "../../domain";
import { dashboardsRoutes } from "./dashboards.routes";

/** Dashboards as code, evaluated panel by panel, and their live stream. */
export const dashboards = defineApiDomain({
  name: "dashboards",
  permissions: {
    // also what the metrics domain's routes ask for: a tile and its metric are read alike
    "dashboards:read": { description: "Read the KPI dashboards", roles: ["admin", "operator", "marketer", "support", "finance", "viewer"] },
  },
  routes: dashboardsRoutes,
});
