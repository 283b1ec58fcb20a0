import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { and, eq, sessions, sha256, sql, users, type Role } from "@ist/db";
import type { AppDeps } from "../app";
import { AppError } from "../errors";
import { assertKnownAccess, type Access, type Rbac } from "../rbac";
import { SessionCache } from "./session-cache";

export const SESSION_COOKIE = "ist_session";

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  /** the domain that registered it; unset for the app's own routes (e.g. /metrics) */
  domain?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /** every route with its declared access, for the RBAC matrix test and the docs */
    routeAccess: RouteAccess[];
    /** the RBAC table composed from this app's domains (app.ts decorates it first) */
    rbac: Rbac;
    /** call after committing a change to a user or deleting a session: see session-cache.ts */
    sessions: Pick<SessionCache<SessionUser>, "forgetUser" | "forgetSession">;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    sessionHash: string | null;
  }
}

/**
 * Resolves the session cookie to a user on every request, through a cache that routes changing a
 * user or a session invalidate on every instance (session-cache.ts says why a disabled user or a
 * deleted session still stops working at once), then enforces the route's declared access.
 */
export const authPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  const { db } = deps.db;
  app.decorateRequest("user", null);
  app.decorateRequest("sessionHash", null);

  const cache = new SessionCache<SessionUser>({ redis: deps.redis, channel: `${deps.queuePrefix ?? "ist"}:sessions:invalidate`, log: app.log });
  app.decorate("sessions", cache);
  app.addHook("onClose", async () => cache.close());
  // prepared once: a miss costs one round trip and no query building
  const lookup = db
    .select({ id: users.id, email: users.email, displayName: users.displayName, role: users.role, locale: users.locale, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sql.placeholder("idHash")), eq(users.disabled, false)))
    .limit(1)
    .prepare("auth_session_user");
  const load = async (cookie: string) => {
    const unsigned = app.unsignCookie(cookie);
    if (!unsigned.valid || !unsigned.value) return undefined;
    const idHash = sha256(unsigned.value);
    const [row] = await lookup.execute({ idHash });
    if (!row) return undefined;
    const { expiresAt, ...user } = row;
    // one object serves many requests: nobody may change it under another
    return { user: Object.freeze(user), idHash, expiresAt };
  };

  const table: RouteAccess[] = [];
  app.decorate("routeAccess", table);
  app.addHook("onRoute", (route) => {
    const url = route.url ?? "";
    if (url.startsWith("/api") && !route.config?.access) {
      throw new Error(`route ${route.method} ${url} declares no access: add config.access`);
    }
    if (route.config?.access) assertKnownAccess(app.rbac, `${route.method} ${url}`, route.config.access);
    for (const method of [route.method].flat()) {
      if (route.config?.access && method !== "HEAD") table.push({ method, url, access: route.config.access });
    }
  });

  app.addHook("onRequest", async (request) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const session = await cache.resolve(raw, () => load(raw));
    if (session) {
      request.user = session.user;
      request.sessionHash = session.idHash;
    }
  });

  // access is decided before the body is parsed or validated: an unauthorised caller learns nothing
  app.addHook("onRequest", async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === "public") return;
    if (!request.user) throw new AppError("unauthorized", "sign in first");
    if (access !== "authenticated" && !app.rbac.can(request.user.role, access)) {
      throw new AppError("forbidden", `your role (${request.user.role}) lacks ${access}`);
    }
  });
});

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError("unauthorized", "sign in first");
  return request.user;
}
