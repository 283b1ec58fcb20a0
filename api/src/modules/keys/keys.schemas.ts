import { z } from "zod";
import { KEY_KINDS } from "@ist/db";
import { listQuery } from "../../lib/list";
import { text } from "../../lib/schemas";

export const KeyDto = z.object({
  id: z.number().int(),
  kind: z.enum(KEY_KINDS),
  name: z.string(),
  /** the first characters of the key, so a person can tell keys apart; never enough to use it */
  prefix: z.string(),
  createdBy: z.string().nullable().describe("email of the admin who created it"),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type KeyDto = z.infer<typeof KeyDto>;

/** The only answer that carries the key itself: it is stored as a SHA-256 and cannot be shown again. */
export const CreatedKeyDto = KeyDto.extend({ key: z.string().describe("shown once; store it now") });
export type CreatedKeyDto = z.infer<typeof CreatedKeyDto>;

export const KeyCreateBody = z.object({
  kind: z.enum(KEY_KINDS),
  name: text(120, { trim: true, min: 1, minMessage: "must not be empty" }),
});
export type KeyCreateBody = z.infer<typeof KeyCreateBody>;

export const KEY_SORTS = ["id", "name", "createdAt", "lastUsedAt", "revokedAt"] as const;

/** Refine simple-rest list conventions plus `kind` and `revoked` filters. */
export const KeyListQuery = listQuery(KEY_SORTS, { sort: "id", order: "desc" }).extend({
  kind: z.enum(KEY_KINDS).optional(),
  revoked: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
export type KeyListQuery = z.infer<typeof KeyListQuery>;

export { IdParams as KeyIdParams } from "../../lib/schemas";
