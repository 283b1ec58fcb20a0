import { and, asc, count, desc, eq, hashPassword, ilike, inArray, or, sessions, users, type Db, type User } from "@ist/db";
import { AppError } from "../../errors";
import { pageSize } from "../../lib/list";
import type { UserDto } from "../auth/auth.schemas";
import type { UserCreateBody, UserListQuery, UserUpdateBody } from "./users.schemas";

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    locale: u.locale,
    disabled: u.disabled,
    isDemo: u.isDemo,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export async function listUsers(db: Db, query: UserListQuery): Promise<{ rows: UserDto[]; total: number }> {
  const filters = [
    query.q ? or(ilike(users.email, `%${escapeLike(query.q)}%`), ilike(users.displayName, `%${escapeLike(query.q)}%`)) : undefined,
    query.email_like ? ilike(users.email, `%${escapeLike(query.email_like)}%`) : undefined,
    query.role ? inArray(users.role, Array.isArray(query.role) ? query.role : [query.role]) : undefined,
    query.disabled === undefined ? undefined : eq(users.disabled, query.disabled),
    query.id ? inArray(users.id, query.id) : undefined,
  ].filter((f) => f !== undefined);
  const where = filters.length ? and(...filters) : undefined;
  const limit = pageSize(query, 100, 1000);
  const order = query._order === "desc" ? desc : asc;
  const [rows, [totalRow]] = await Promise.all([
    db.select().from(users).where(where).orderBy(order(users[query._sort]), asc(users.id)).limit(limit).offset(query._start),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows: rows.map(toUserDto), total: totalRow?.n ?? 0 };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getUser(db: Db, id: number): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw AppError.notFound("user", id);
  return user;
}

export async function createUser(db: Db, body: UserCreateBody, opts: { isDemo?: boolean } = {}): Promise<User> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, body.email)).limit(1);
  if (existing) throw new AppError("conflict", `a user with email ${body.email} already exists`, { fields: [{ path: "email", message: "already in use" }] });
  const [user] = await db
    .insert(users)
    .values({ email: body.email, displayName: body.displayName, role: body.role, locale: body.locale, passwordHash: await hashPassword(body.password), isDemo: opts.isDemo ?? false })
    .returning();
  return user!;
}

/** Keeps at least one enabled admin: the console would otherwise lock everyone out of user admin. */
async function assertNotLastAdmin(db: Db, user: User, change: { role?: string; disabled?: boolean }) {
  const losesAdmin = user.role === "admin" && !user.disabled && ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
  if (!losesAdmin) return;
  const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
  if ((row?.n ?? 0) <= 1) throw new AppError("conflict", "the last enabled admin cannot be disabled or lose the admin role");
}

export async function updateUser(db: Db, id: number, body: UserUpdateBody): Promise<{ before: User; after: User }> {
  const before = await getUser(db, id);
  await assertNotLastAdmin(db, before, body);
  const { password, ...rest } = body;
  const [after] = await db
    .update(users)
    .set({ ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}), updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  // a disabled user or a changed password ends every session at once
  if (body.disabled === true || password) await db.delete(sessions).where(eq(sessions.userId, id));
  return { before, after: after! };
}

export async function hasActiveDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.isDemo, true), eq(users.disabled, false))).limit(1);
  return Boolean(row);
}
