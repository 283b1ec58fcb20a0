import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { and, dummyPasswordHash, emailIndex, eq, hashPassword, randomToken, sessions, sha256, sql, users, verifyPassword } from "@ist/db";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { mutate } from "../../lib/mutate";
import { errors, NoContent } from "../../lib/responses";
import { requireUser, SESSION_COOKIE } from "../../plugins/auth";
import { writeAudit } from "../../plugins/audit";
import { hasActiveDemoAccounts, toUserDto, updateUser } from "../users/users.service";
import { LoginBody, MeResponse, PasswordChangeBody, ProfileBody, UserDto } from "./auth.schemas";
import { weakPasswordMessage } from "../../lib/password-policy";
import { DomainInputError } from "../../lib/domain-error";
import { LoginLimiter } from "./login-limiter";

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const limiter = new LoginLimiter(deps.redis, `${deps.queuePrefix ?? "ist"}:`);
  const ttlMs = deps.config.SESSION_TTL_HOURS * 3600_000;

  app.post(
    "/api/auth/login",
    {
      config: { access: "public", rateLimit: { max: deps.config.LOGIN_MAX_PER_MINUTE, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], body: LoginBody, response: { 200: z.object({ user: UserDto }), ...errors(400, 401, 429) } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const wait = await limiter.blockedFor(email, request.ip);
      if (wait > 0) throw tooManyFailures(wait);
      // emails are sealed: the lookup goes through their keyed blind index
      const [user] = await db.select().from(users).where(eq(users.emailHash, emailIndex(email))).limit(1);
      // compare against a dummy hash when the email is unknown, so timing does not tell
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !ok || user.disabled) {
        await limiter.fail(email, request.ip);
        await writeAudit(db, request, { action: "auth.login_failed", entity: "session", actorEmail: email, actorId: user?.id ?? null });
        throw new AppError("invalid_credentials", "Invalid email or password");
      }
      await limiter.reset(email, request.ip);
      const token = randomToken();
      const now = new Date();
      await mutate(
        db,
        request,
        async (tx) => {
          await tx.insert(sessions).values({
            idHash: sha256(token),
            userId: user.id,
            ip: request.ip,
            userAgent: request.headers["user-agent"]?.slice(0, 300) ?? null,
            expiresAt: new Date(now.getTime() + ttlMs),
          });
          await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
        },
        { action: "auth.login", entity: "session", entityId: user.id, actorId: user.id, actorEmail: user.email },
      );
      reply.setCookie(SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: deps.config.production,
        signed: true,
        maxAge: Math.floor(ttlMs / 1000),
      });
      return { user: toUserDto({ ...user, lastLoginAt: now }) };
    },
  );

  app.post("/api/auth/logout", { config: { access: "authenticated" }, schema: { tags: ["auth"], response: { 204: NoContent, ...errors(401) } } }, async (request, reply) => {
    const user = requireUser(request);
    await mutate(
      db,
      request,
      (tx) => tx.delete(sessions).where(and(eq(sessions.idHash, request.sessionHash!), eq(sessions.userId, user.id))),
      { action: "auth.logout", entity: "session", entityId: user.id },
    );
    await app.sessions.forgetSession(request.sessionHash!);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send(undefined);
  });

  app.get("/api/auth/me", { config: { access: "authenticated" }, schema: { tags: ["auth"], response: { 200: MeResponse.extend({ permissions: z.array(z.enum(app.rbac.permissions)) }), ...errors(401) } } }, async (request) => {
    const user = requireUser(request);
    return { user, permissions: app.rbac.permissionsOf(user.role), demo: await hasActiveDemoAccounts(db) };
  });

  // a user's own preferences: the console saves the language switch here
  app.patch(
    "/api/auth/me",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], body: ProfileBody, response: { 200: UserDto, ...errors(400, 401) } } },
    async (request) => {
      const me = requireUser(request);
      const { body } = request;
      const { after } = await mutate(
        db,
        request,
        (tx) => updateUser(tx, me.id, body),
        (change) => ({ action: "user.profile", entity: "user", entityId: me.id, before: toUserDto(change.before), after: toUserDto(change.after) }),
      );
      await app.sessions.forgetUser(me.id);
      return toUserDto(after);
    },
  );

  // one's own password: the current one is asked for, the new one judged with the user's own
  // words (email, name) as known guesses; every other session of the user ends
  app.post(
    "/api/auth/password",
    {
      config: { access: "authenticated", rateLimit: { max: deps.config.LOGIN_MAX_PER_MINUTE, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], body: PasswordChangeBody, response: { 204: NoContent, ...errors(400, 401, 429) } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      const { currentPassword, newPassword } = request.body;
      const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, me.id)).limit(1);
      if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
        await writeAudit(db, request, { action: "auth.password_change_failed", entity: "user", entityId: me.id });
        throw DomainInputError.of("currentPassword", "is not your current password", "wrong_password");
      }
      if (newPassword === currentPassword) throw DomainInputError.of("newPassword", "must differ from the current password", "unchanged");
      const weak = weakPasswordMessage(newPassword, [me.email, me.displayName]);
      if (weak) throw DomainInputError.of("newPassword", weak, "weak_password");
      const passwordHash = await hashPassword(newPassword);
      await mutate(
        db,
        request,
        async (tx) => {
          await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, me.id));
          await tx.delete(sessions).where(and(eq(sessions.userId, me.id), sql`${sessions.idHash} <> ${request.sessionHash}`));
        },
        { action: "user.password_change", entity: "user", entityId: me.id },
      );
      await app.sessions.forgetUser(me.id);
      return reply.status(204).send(undefined);
    },
  );
};

function tooManyFailures(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const when = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return new AppError("rate_limited", `too many failed attempts from this client for this account; try again in ${when}`, { retryAfterSeconds: seconds });
}
