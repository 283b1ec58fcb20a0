import { useGetIdentity } from "@refinedev/core";
import type { Identity } from "../providers/auth-provider";

/** The signed-in user with their permissions and the demo flag (one `/api/auth/me`, cached by Refine). */
export function useSession() {
  const { data, isLoading } = useGetIdentity<Identity | null>();
  const identity = data ?? null;
  return {
    identity,
    isLoading,
    can: (permission: string) => identity?.permissions.includes(permission) ?? false,
  };
}
