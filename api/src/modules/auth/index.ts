import { defineApiDomain } from "../../domain";
import { authRoutes } from "./auth.routes";

const admin = ["admin"] as const;

/** Sign-in, sessions, the signed-in user's profile and permissions (`/api/auth/me`). */
export const auth = defineApiDomain({
  name: "auth",
  // console-wide switches with no route of their own: the Settings menu; pii:read is checked inside
  // the routes that answer with people's emails and names (users, audit, alert recipients), which
  // mask them without it (api/src/lib/pii.ts)
  permissions: {
    "pii:read": { description: "See platform users' personal data unmasked", roles: admin, uiOnly: true },
    "settings:read": { description: "See console settings", roles: admin, uiOnly: true },
    "settings:write": { description: "Change console settings", roles: admin, uiOnly: true },
  },
  routes: authRoutes,
});
