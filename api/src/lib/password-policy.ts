import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { z } from "zod";

/**
 * Passwords are judged by zxcvbn-ts (Dropbox's estimator: common and breached-list passwords,
 * keyboard patterns, dates, l33t, repeats) rather than by composition rules (NIST SP 800-63B
 * 5.1.1.2: check against lists of commonly used or compromised values). Score 0–4; a password
 * must reach MIN_PASSWORD_SCORE ("safely unguessable": about 10^8 guesses or more).
 */
export const MIN_PASSWORD_SCORE = 3;
export const MIN_PASSWORD_LENGTH = 10;

let estimator: ZxcvbnFactory | undefined;
// built on first use: the dictionaries take a few hundred milliseconds to load
const zxcvbn = () =>
  (estimator ??= new ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } }));

export interface PasswordVerdict {
  score: number;
  /** why it is weak, in English (the console translates by `code`) */
  warning: string | null;
}

/** The estimator's verdict; `userInputs` (email, name) count as known words. */
export function passwordStrength(password: string, userInputs: readonly string[] = []): PasswordVerdict {
  const inputs = userInputs.flatMap((s) => [s, ...s.toLowerCase().split(/[^a-z0-9]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn().check(password, inputs);
  return { score: result.score, warning: result.feedback.warning };
}

/** The issue for a too-weak password, or null. */
export function weakPasswordMessage(password: string, userInputs: readonly string[] = []): string | null {
  const { score, warning } = passwordStrength(password, userInputs);
  if (score >= MIN_PASSWORD_SCORE) return null;
  return `is too easy to guess${warning ? ` (${warning.replace(/\.$/, "").toLowerCase()})` : ""}: strength ${score} of 4, at least ${MIN_PASSWORD_SCORE} needed; use a longer phrase of unrelated words`;
}

/** A new password: length, then strength (code `weak_password`, params `{ score, minScore }`). */
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200)
  .superRefine((value, ctx) => {
    if (value.length < MIN_PASSWORD_LENGTH) return;
    const message = weakPasswordMessage(value);
    if (message) ctx.addIssue({ code: "custom", message, params: { code: "weak_password", minScore: MIN_PASSWORD_SCORE } });
  });
