import type { AccessControlProvider } from "@refinedev/core";
import { CONSOLE } from "../resources";
import type { GuardMeta } from "../build-console";
import { getSession } from "./session";

/** The rule is CONSOLE.can (build-console.ts), so the menu a test derives is the menu a user gets. */
export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action, params }) => {
    const session = await getSession().catch(() => null);
    const meta = params?.resource?.meta as GuardMeta | undefined;
    const can = CONSOLE.can(session?.permissions ?? null, resource ?? params?.resource?.name, action, meta);
    return can ? { can } : { can, reason: "forbidden" };
  },
  options: {
    buttons: { enableAccessControl: true, hideIfUnauthorized: true },
    // Answers are per user; dropping them once nothing shows them means the next user never sees the last one's menu.
    queryOptions: { gcTime: 0 },
  },
};
