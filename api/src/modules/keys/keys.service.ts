import { and, apiKeys, count, desc, eq, isNull, randomToken, sha256, sql, users, type ApiKey, type Db, type KeyKind } from "@ist/db";
import { AppError } from "../../errors";
import { orderBy, pageOverWindow, whereAll, windowTotal, type Page } from "../../lib/list";
import type { KeyDto, KeyListQuery } from "./keys.schemas";

/** `ist_ing_…` for ingest keys, `ist_sdk_…` for SDK client keys: a leaked key says what it opens. */
export const KEY_PREFIX: Record<KeyKind, string> = { ingest: "ist_ing_", sdk: "ist_sdk_" };
/** How much of a key lists show: the kind marker plus 6 of its 32 random characters. */
const SHOWN_CHARS = 14;

export function toKeyDto(k: ApiKey, createdBy: string | null): KeyDto {
  return {
    id: k.id,
    kind: k.kind,
    name: k.name,
    prefix: k.prefix,
    createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Makes a key and stores only its SHA-256 (192 random bits: a fast hash is enough, unlike a password). */
export async function createKey(db: Db, input: { kind: KeyKind; name: string; createdBy: number | null }): Promise<{ row: ApiKey; key: string }> {
  const key = `${KEY_PREFIX[input.kind]}${randomToken(24)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ kind: input.kind, name: input.name, prefix: key.slice(0, SHOWN_CHARS), keyHash: sha256(key), createdBy: input.createdBy })
    .returning();
  return { row: row!, key };
}

const columns = {
  id: apiKeys.id,
  kind: apiKeys.kind,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  keyHash: apiKeys.keyHash,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  email: users.email,
};

export async function listKeys(db: Db, query: KeyListQuery): Promise<Page<KeyDto>> {
  const where = whereAll(
    query.kind ? eq(apiKeys.kind, query.kind) : undefined,
    query.revoked === undefined ? undefined : query.revoked ? sql`${apiKeys.revokedAt} is not null` : isNull(apiKeys.revokedAt),
  );
  const page = await pageOverWindow(
    query,
    { fallback: 100, max: 1000 },
    ({ limit, offset }) =>
      db
        .select({ ...columns, total: windowTotal() })
        .from(apiKeys)
        .leftJoin(users, eq(users.id, apiKeys.createdBy))
        .where(where)
        .orderBy(...orderBy(query._order, apiKeys[query._sort], desc(apiKeys.id)))
        .limit(limit)
        .offset(offset),
    async () => (await db.select({ n: count() }).from(apiKeys).where(where))[0]?.n ?? 0,
  );
  return { rows: page.rows.map(({ email, ...k }) => toKeyDto(k, email)), total: page.total };
}

export async function getKey(db: Db, id: number): Promise<KeyDto> {
  const [row] = await db.select(columns).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.createdBy)).where(eq(apiKeys.id, id)).limit(1);
  if (!row) throw AppError.notFound("key", id);
  const { email, ...k } = row;
  return toKeyDto(k, email);
}

/** Sets revoked_at once; revoking a revoked key changes nothing (`changed: false`). */
export async function revokeKey(db: Db, id: number): Promise<{ before: KeyDto; after: KeyDto; changed: boolean }> {
  const before = await getKey(db, id);
  if (before.revokedAt) return { before, after: before, changed: false };
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  return { before, after: await getKey(db, id), changed: true };
}

export interface VerifiedKey {
  id: number;
  name: string;
}

export interface KeyVerifierOptions {
  /** how long an answer (good or bad) is reused; a revoked key stops working after at most this */
  ttlMs?: number;
  /** last_used_at is written at most this often per key and process */
  touchEveryMs?: number;
  onError?: (err: unknown) => void;
  /** called on each database lookup (a metric: how often a key costs a query) */
  onLookup?: () => void;
}

/**
 * Resolves `Authorization: Bearer <key>` for machine routes. Answers are cached for two seconds,
 * so a busy ingest client costs one database read per key every two seconds, and a revoked key
 * stops within that (DESIGN: within 5 s).
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { key: VerifiedKey | null; until: number }>();
  private readonly touched = new Map<number, number>();
  private readonly ttlMs: number;
  private readonly touchEveryMs: number;

  constructor(
    private readonly db: Db,
    private readonly kind: KeyKind,
    private readonly opts: KeyVerifierOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 2_000;
    this.touchEveryMs = opts.touchEveryMs ?? 60_000;
  }

  /** The answer this process holds for the key, without asking the database: null for a malformed or known-bad key, undefined when it would have to ask. */
  cached(authorization: string | undefined, now = Date.now()): VerifiedKey | null | undefined {
    const token = this.token(authorization);
    if (!token) return null;
    const entry = this.cache.get(sha256(token));
    return entry && entry.until > now ? entry.key : undefined;
  }

  private token(authorization: string | undefined): string | undefined {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    return token?.startsWith(KEY_PREFIX[this.kind]) && token.length <= 200 ? token : undefined;
  }

  async verify(authorization: string | undefined): Promise<VerifiedKey | null> {
    const token = this.token(authorization);
    if (!token) return null;
    const hash = sha256(token);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (!entry || entry.until <= now) {
      this.opts.onLookup?.();
      const [row] = await this.db
        .select({ id: apiKeys.id, name: apiKeys.name })
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hash), eq(apiKeys.kind, this.kind), isNull(apiKeys.revokedAt)))
        .limit(1);
      // random tokens must not grow the cache without bound
      if (this.cache.size > 10_000) this.cache.clear();
      entry = { key: row ?? null, until: now + this.ttlMs };
      this.cache.set(hash, entry);
    }
    if (entry.key) this.touch(entry.key.id, now);
    return entry.key;
  }

  private touch(id: number, now: number): void {
    if (now - (this.touched.get(id) ?? 0) < this.touchEveryMs) return;
    this.touched.set(id, now);
    this.db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, id))
      .then(
        () => undefined,
        (err: unknown) => this.opts.onError?.(err),
      );
  }
}
