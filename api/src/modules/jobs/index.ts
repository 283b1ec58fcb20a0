import { defineApiDomain } from "../../domain";
import { jobsRoutes } from "./jobs.routes";

/** Background job runs: list, live stream, start one by hand. */
export const jobs = defineApiDomain({
  name: "jobs",
  permissions: {
    "jobs:read": { description: "Watch background jobs run", roles: ["admin", "operator"] },
    "jobs:run": { description: "Start background jobs by hand", roles: ["admin"] },
  },
  routes: jobsRoutes,
});
