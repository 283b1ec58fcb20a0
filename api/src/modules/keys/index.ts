import { defineApiDomain } from "../../domain";
import { keysCommands } from "./keys.cli";
import { keysRoutes } from "./keys.routes";

/** Ingest and SDK keys; `ist keys create|revoke`. */
export const keys = defineApiDomain({
  name: "keys",
  // whoever holds a key writes events or reads flags, so admins only
  permissions: {
    "keys:read": { description: "See ingest and SDK keys", roles: ["admin"] },
    "keys:write": { description: "Create and revoke ingest and SDK keys", roles: ["admin"] },
  },
  routes: keysRoutes,
  cli: keysCommands,
});
