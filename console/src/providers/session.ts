import { members, type Role, type Session } from "../api/types";
import { apiFetch, isHttpError } from "./http";

export type { Role, Session, SessionUser } from "../api/types";

export const ROLES = members<Role>()(["admin", "operator", "marketer", "support", "finance", "viewer", "partner"]);

let pending: Promise<Session | null> | undefined;

async function fetchSession(): Promise<Session | null> {
  try {
    return await apiFetch<Session>("/api/auth/me");
  } catch (error) {
    if (isHttpError(error) && error.statusCode === 401) return null;
    pending = undefined; // a network blip must not stick for the whole visit
    throw error;
  }
}

/** One `/me` request serves the auth check, identity, permissions and every access decision. */
export function getSession(): Promise<Session | null> {
  pending ??= fetchSession();
  return pending;
}

export function forgetSession(): void {
  pending = undefined;
}

export function hasPermission(session: Session | null, permission: string | undefined): boolean {
  if (!session) return false;
  return permission === undefined || session.permissions.some((p) => p === permission);
}
