import type { AccessControlProvider, CanParams } from "@refinedev/core";
import { childrenOf, findResource } from "../resources";
import { getSession, hasPermission, type Session } from "./session";

const WRITE_ACTIONS = new Set(["create", "edit", "delete", "clone"]);

interface GuardMeta {
  permission?: string;
  writePermission?: string;
}

/** The permission an action needs: `meta.writePermission` for mutations if set, else `meta.permission`. */
function permissionFor(meta: GuardMeta | undefined, action: string): string | undefined {
  if (!meta) return undefined;
  return (WRITE_ACTIONS.has(action) ? meta.writePermission : undefined) ?? meta.permission;
}

function allowed(session: Session | null, { resource, action, params }: CanParams): boolean {
  const name = resource ?? params?.resource?.name;
  const meta = (params?.resource?.meta ?? (name ? findResource(name)?.meta : undefined)) as GuardMeta | undefined;
  const children = name ? childrenOf(name) : [];
  // a menu group without a permission of its own is worth showing only if one of its entries is
  if (children.length > 0 && !meta?.permission) {
    return children.some((child) => allowed(session, { resource: child.name, action }));
  }
  return hasPermission(session, permissionFor(meta, action));
}

export const accessControlProvider: AccessControlProvider = {
  can: async (params) => {
    const session = await getSession().catch(() => null);
    const can = allowed(session, params);
    return can ? { can } : { can, reason: "forbidden" };
  },
  options: {
    buttons: { enableAccessControl: true, hideIfUnauthorized: true },
    // Answers are per user; dropping them once nothing shows them means the next user never sees the last one's menu.
    queryOptions: { gcTime: 0 },
  },
};
