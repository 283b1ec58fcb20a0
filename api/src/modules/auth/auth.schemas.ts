import { z } from "zod";
import { ROLES } from "@ist/db";
import { NewPassword } from "../../lib/password-policy";
import { text } from "../../lib/schemas";

export const LoginBody = z.object({
  email: text(254, { trim: true }).toLowerCase().email(),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const UserDto = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  locale: z.string(),
  disabled: z.boolean(),
  isDemo: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof UserDto>;

export const MeResponse = z.object({
  user: z.object({ id: z.number(), email: z.string(), displayName: z.string(), role: z.enum(ROLES), locale: z.string() }),
  permissions: z.array(z.string()),
  demo: z.boolean(),
});

export { ErrorBody } from "../../lib/responses";

export const ProfileBody = z
  .object({ locale: z.enum(["en", "zh-CN"]), displayName: text(120, { trim: true, min: 1 }) })
  .partial()
  .strict();
export type ProfileBody = z.infer<typeof ProfileBody>;

/** Changing one's own password: the current one proves it is the user, not a borrowed session. */
export const PasswordChangeBody = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: NewPassword,
  })
  .strict();
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;
