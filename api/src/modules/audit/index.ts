import { defineApiDomain } from "../../domain";
import { auditRoutes } from "./audit.routes";

/** The audit log every mutation writes to; finance reads it for settlements. */
export const audit = defineApiDomain({
  name: "audit",
  permissions: {
    "audit:read": { description: "Read the audit log of every change", roles: ["admin", "finance"] },
  },
  routes: auditRoutes,
});
