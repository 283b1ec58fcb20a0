import type { Role } from "../../providers/session";

/** A console user as `/api/users` returns it. */
export interface ConsoleUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
  disabled: boolean;
  isDemo: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserCreateInput {
  email: string;
  displayName: string;
  role: Role;
  locale?: string;
  password: string;
}

export interface UserUpdateInput {
  displayName?: string;
  role?: Role;
  locale?: string;
  disabled?: boolean;
  password?: string;
}

/** Must match the api's minimum; the api re-checks and its message lands on the field. */
export const MIN_PASSWORD_LENGTH = 10;
