import { defineApiDomain } from "../../domain";
import { commissionsCommands } from "./commissions.cli";
import { financeRoutes } from "./finance.routes";

/** Finance: commission plans (versioned), partners, settlements; `ist commissions settle`. */
export const finance = defineApiDomain({
  name: "finance",
  permissions: {
    "finance:read": { description: "See partners, commission plans and settlements", roles: ["admin", "finance"] },
    "finance:write": { description: "Create and change partners and commission plans", roles: ["admin", "finance"] },
    "finance:contact": { description: "See partners' contact details unmasked", roles: ["admin", "finance"], uiOnly: true },
  },
  routes: financeRoutes,
  cli: commissionsCommands,
});
