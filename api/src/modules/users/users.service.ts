import { and, asc, count, desc, emailIndex, eq, getTableColumns, hashPassword, sessions, sql, users, type Db, type User } from "@ist/db";
import { AppError } from "../../errors";
import { pageOverWindow, pageSize, windowTotal, type Page } from "../../lib/list";
import { prepared } from "../../lib/prepared";
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

/** Which filters a list query uses: with sort and order, it names one prepared statement. */
function listShape(query: UserListQuery) {
  return {
    sort: query._sort,
    order: query._order,
    q: query.q !== undefined && query.q !== "",
    email: query.email_like !== undefined && query.email_like !== "",
    roles: query.role !== undefined,
    disabled: query.disabled !== undefined,
    ids: query.id !== undefined,
  };
}
type ListShape = ReturnType<typeof listShape>;

function listFilters(shape: ListShape) {
  const p = sql.placeholder;
  const filters = [
    // one array parameter, so that the number of values does not make a new statement
    shape.roles ? sql`${users.role} = any(${p("roles")})` : undefined,
    shape.disabled ? eq(users.disabled, p("disabled")) : undefined,
    shape.ids ? sql`${users.id} = any(${p("ids")})` : undefined,
  ].filter((f) => f !== undefined);
  return filters.length ? and(...filters) : undefined;
}

function prepareList(db: Db, shape: ListShape, name: string) {
  const order = shape.order === "desc" ? desc : asc;
  // the total rides along as a window count: one round trip for the page and the total
  return db
    .select({ ...getTableColumns(users), total: windowTotal() })
    .from(users)
    .where(listFilters(shape))
    .orderBy(order(users[shape.sort]), asc(users.id))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(name);
}

/** Email and display name are sealed (db/src/pii.ts): searching or sorting by them happens here, over the opened rows. */
const SEALED_SORTS: ReadonlySet<string> = new Set(["email", "displayName"]);

export async function listUsers(db: Db, query: UserListQuery): Promise<Page<UserDto>> {
  const shape = listShape(query);
  if (shape.q || shape.email || SEALED_SORTS.has(shape.sort)) return listUsersOpened(db, query, shape);
  const name = `users_list_${shape.sort}_${shape.order}_${[shape.roles, shape.disabled, shape.ids].map(Number).join("")}`;
  const params = {
    roles: query.role === undefined ? [] : [query.role].flat(),
    disabled: query.disabled ?? false,
    ids: query.id ?? [],
  };
  const page = await pageOverWindow(
    query,
    { fallback: 100, max: 1000 },
    (p) => prepared(db, name, () => prepareList(db, shape, name)).execute({ ...params, ...p }),
    async () => (await db.select({ n: count() }).from(users).where(listFilters(shape)).execute(params))[0]?.n ?? 0,
  );
  return { rows: page.rows.map(toUserDto), total: page.total };
}

/**
 * Console accounts are few (tens to hundreds): the rows the plain filters keep are opened and
 * searched, sorted and paged in memory, which a sealed column cannot do in SQL.
 */
async function listUsersOpened(db: Db, query: UserListQuery, shape: ListShape): Promise<Page<UserDto>> {
  const params = { roles: query.role === undefined ? [] : [query.role].flat(), disabled: query.disabled ?? false, ids: query.id ?? [] };
  const all = await db.select().from(users).where(listFilters(shape)).execute(params);
  const has = (value: string, needle: string | undefined) => !needle || value.toLowerCase().includes(needle.toLowerCase());
  const kept = all.filter((u) => (has(u.email, query.q) || has(u.displayName, query.q)) && has(u.email, query.email_like));
  const key = shape.sort;
  const dir = shape.order === "desc" ? -1 : 1;
  const value = (u: User) => {
    const v = u[key];
    return v instanceof Date ? v.getTime() : v;
  };
  kept.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = x === y ? 0 : x === null ? 1 : y === null ? -1 : typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : x! < y! ? -1 : 1;
    return c * dir || a.id - b.id;
  });
  const limit = pageSize(query, 100, 1000);
  return { rows: kept.slice(query._start, query._start + limit).map(toUserDto), total: kept.length };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getUser(db: Db, id: number): Promise<User> {
  const byId = prepared(db, "users_by_id", () =>
    db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder("id")))
      .limit(1)
      .prepare("users_by_id"),
  );
  const [user] = await byId.execute({ id });
  if (!user) throw AppError.notFound("user", id);
  return user;
}

export async function createUser(db: Db, body: UserCreateBody, opts: { isDemo?: boolean } = {}): Promise<User> {
  const emailHash = emailIndex(body.email);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.emailHash, emailHash)).limit(1);
  if (existing) throw new AppError("conflict", "a user with this email already exists", { fields: [{ code: "in_use", path: "email", message: "already in use" }] });
  const [user] = await db
    .insert(users)
    .values({ email: body.email, emailHash, displayName: body.displayName, role: body.role, locale: body.locale, passwordHash: await hashPassword(body.password), isDemo: opts.isDemo ?? false })
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
