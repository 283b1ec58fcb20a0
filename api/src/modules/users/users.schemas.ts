import { z } from "zod";
import { ROLES } from "@ist/db";
import { listQuery } from "../../lib/list";
import { NewPassword } from "../../lib/password-policy";
import { id, oneOrMany, text } from "../../lib/schemas";

export const LOCALES = ["en", "zh-CN"] as const;

// common and breached-list passwords are refused (lib/password-policy.ts)
const password = NewPassword;

export const UserCreateBody = z.object({
  email: text(254, { trim: true }).toLowerCase().email("must be an email address"),
  displayName: text(120, { trim: true, min: 1 }),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES).default("en"),
  password,
});
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    displayName: text(120, { trim: true, min: 1 }),
    role: z.enum(ROLES),
    locale: z.enum(LOCALES),
    disabled: z.boolean(),
    password,
  })
  .partial()
  .strict();
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const USER_SORTS = ["id", "email", "displayName", "role", "lastLoginAt", "createdAt", "updatedAt"] as const;

const boolParam = z.enum(["true", "false"]).transform((v) => v === "true");

/** Refine simple-rest list conventions: `_start`, `_end`, `_sort`, `_order`, field filters, `q`. */
export const UserListQuery = listQuery(USER_SORTS, { sort: "id", order: "asc" }).extend({
  q: text(200).optional(),
  email_like: text(200).optional(),
  role: z.union([z.enum(ROLES), z.array(z.enum(ROLES))]).optional(),
  disabled: boolParam.optional(),
  id: oneOrMany(id).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export { IdParams } from "../../lib/schemas";
