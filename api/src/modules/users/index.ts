import { defineApiDomain } from "../../domain";
import { usersCommands } from "./users.cli";
import { usersRoutes } from "./users.routes";

/** Console accounts: list, create, change role, disable; `ist users create`. */
export const users = defineApiDomain({
  name: "users",
  permissions: {
    "users:read": { description: "See console users and their roles", roles: ["admin"] },
    "users:write": { description: "Create, edit and disable console users", roles: ["admin"] },
  },
  routes: usersRoutes,
  cli: usersCommands,
});
