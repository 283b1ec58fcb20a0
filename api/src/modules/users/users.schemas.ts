import { z } from "zod";
import { ROLES } from "@ist/db";
import { listQuery } from "../../lib/list";
import { NewPassword } from "../../lib/password-policy";

export const LOCALES = ["en", "zh-CN"] as const;

// common and breached-list passwords are refused (lib/password-policy.ts)
const password = NewPassword;

export const UserCreateBody = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES).default("en"),
  password,
});
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    displayName: z.string().trim().min(1).max(120),
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
const idList = z.union([z.coerce.number().int(), z.array(z.coerce.number().int())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Refine simple-rest list conventions: `_start`, `_end`, `_sort`, `_order`, field filters, `q`. */
export const UserListQuery = listQuery(USER_SORTS, { sort: "id", order: "asc" }).extend({
  q: z.string().max(200).optional(),
  email_like: z.string().max(200).optional(),
  role: z.union([z.enum(ROLES), z.array(z.enum(ROLES))]).optional(),
  disabled: boolParam.optional(),
  id: idList.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const IdParams = z.object({ id: z.coerce.number().int().positive() });
export type IdParams = z.infer<typeof IdParams>;
