import { createHmac, hkdfSync } from "node:crypto";
import { customType } from "drizzle-orm/pg-core";
import { FieldCipher, maskPii, parseKey } from "./crypto";

/**
 * Personal data in the operational database: console users' emails and names, alert recipients,
 * the audit trail's actor emails. Columns of these types are sealed with the field cipher
 * (AES-256-GCM, ENCRYPTION_KEY) on the way in and opened on the way out, so services read and write
 * plain values; an equality lookup goes through a keyed blind index (`blindIndex`, HMAC-SHA-256
 * with a key derived from ENCRYPTION_KEY), since a sealed value differs at every write.
 *
 * The key is the process's: each entry point (api, workers, CLI) calls `usePiiKey` with the
 * configured ENCRYPTION_KEY before it touches the database. A value that is not sealed (a row
 * written before encryption) reads as it is, until `sealLegacyPii` (pii-migrate.ts) seals it at start.
 */
let cipher: FieldCipher | undefined;
let indexKey: Buffer | undefined;

export function usePiiKey(key: string): void {
  const raw = parseKey(key);
  cipher = new FieldCipher(raw);
  indexKey = Buffer.from(hkdfSync("sha256", raw, Buffer.alloc(0), "ist blind index v1", 32));
}

function active(): FieldCipher {
  if (!cipher) throw new Error("personal data needs the encryption key: call usePiiKey(ENCRYPTION_KEY) at start-up");
  return cipher;
}

export const isSealed = (value: string) => value.startsWith("v1:");
export const sealPii = (plain: string) => active().encrypt(plain);
export const openPii = (stored: string) => (isSealed(stored) ? active().decrypt(stored) : stored);

/** Normalises an email (trim, lower case) and returns its blind index. */
export function emailIndex(email: string): string {
  return blindIndex(email.trim().toLowerCase());
}

export function blindIndex(value: string): string {
  if (!indexKey) throw new Error("personal data needs the encryption key: call usePiiKey(ENCRYPTION_KEY) at start-up");
  return createHmac("sha256", indexKey).update(value, "utf8").digest("hex");
}

/** A text column holding a sealed value. */
export const sealedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => sealPii(value),
  fromDriver: (value) => openPii(value),
});

/** A jsonb column holding an array of sealed strings (alert email recipients). */
export const sealedTextArray = customType<{ data: string[]; driverData: string }>({
  dataType: () => "jsonb",
  toDriver: (value) => JSON.stringify(value.map(sealPii)),
  fromDriver: (value) => {
    const list = (typeof value === "string" ? JSON.parse(value) : value) as string[];
    return list.map(openPii);
  },
});

/** Keys whose values are personal wherever they appear in a JSON document (audit before/after). */
export const PERSONAL_JSON_KEYS = new Set(["email", "displayName", "emailTo", "actorEmail"]);

function mapPersonal(value: unknown, fn: (s: string) => string, personal = false, depth = 0): unknown {
  if (depth > 10) return value;
  if (typeof value === "string") return personal ? fn(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapPersonal(v, fn, personal, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapPersonal(v, fn, personal || PERSONAL_JSON_KEYS.has(k), depth + 1)]));
  }
  return value;
}

/** A jsonb column whose personal fields (PERSONAL_JSON_KEYS, at any depth) are sealed. */
export const sealedJson = customType<{ data: unknown; driverData: string }>({
  dataType: () => "jsonb",
  toDriver: (value) => JSON.stringify(mapPersonal(value, sealPii)),
  fromDriver: (value) => mapPersonal(typeof value === "string" ? JSON.parse(value) : value, openPii),
});

/** The masked view of a document for roles without pii:read: personal fields masked at any depth. */
export function maskPersonal<T>(value: T): T {
  return mapPersonal(value, maskPii) as T;
}
