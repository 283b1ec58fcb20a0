import type { AuthProvider } from "@refinedev/core";
import { apiFetch, isHttpError } from "./http";
import { i18n, setLanguage, toLanguage } from "./i18n";
import { forgetSession, getSession, type SessionUser } from "./session";

/** What `useGetIdentity` returns: the user plus what `/api/auth/me` says about their access. */
export interface Identity extends SessionUser {
  name: string;
  permissions: string[];
  demo: boolean;
}

export interface LoginParams {
  email: string;
  password: string;
}

/** The api's message, in the UI language when its code is one we know (the api speaks English). */
function signInErrorMessage(error: unknown): string {
  if (!isHttpError(error)) return i18n.t("auth.errors.network");
  const minutes = Math.max(1, Math.ceil(Number(error.details?.retryAfterSeconds ?? 60) / 60));
  return i18n.t(`auth.errors.codes.${error.code ?? "unknown"}`, { defaultValue: error.message, minutes });
}

export const authProvider: AuthProvider = {
  login: async ({ email, password }: LoginParams) => {
    forgetSession();
    try {
      const { user } = await apiFetch<{ user: SessionUser }>("/api/auth/login", { method: "POST", body: { email, password } });
      // The user's saved locale wins at sign-in; the header switch can change it afterwards.
      if (user?.locale) await setLanguage(toLanguage(user.locale));
      return { success: true, redirectTo: "/" };
    } catch (error) {
      return { success: false, error: { name: i18n.t("auth.errors.title"), message: signInErrorMessage(error) } };
    }
  },

  logout: async () => {
    try {
      await apiFetch("/api/auth/logout", { method: "POST" });
    } catch {
      // the cookie may already be gone; signing out locally is what matters
    }
    forgetSession();
    return { success: true, redirectTo: "/login" };
  },

  check: async () => {
    const session = await getSession().catch(() => null);
    return session ? { authenticated: true } : { authenticated: false, logout: true, redirectTo: "/login" };
  },

  getPermissions: async () => (await getSession())?.permissions ?? [],

  getIdentity: async (): Promise<Identity | null> => {
    const session = await getSession();
    return session ? { ...session.user, name: session.user.displayName, permissions: session.permissions, demo: session.demo } : null;
  },

  onError: async (error: unknown) => {
    const status = isHttpError(error) ? error.statusCode : undefined;
    if (status === 401) {
      forgetSession();
      return { logout: true, redirectTo: "/login", error: error as Error };
    }
    // Permissions changed under us (or the menu was stale): re-read them and show the 403 page.
    if (status === 403) {
      forgetSession();
      return { redirectTo: "/forbidden" };
    }
    return {};
  },
};
