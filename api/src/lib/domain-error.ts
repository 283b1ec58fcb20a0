import { zodFieldIssues } from "./issues";

/** One problem with a domain's input: a machine-readable code, the field it is about, and why. */
export interface InputIssue {
  /** e.g. zod's issue code (`too_small`, `invalid_type`, `custom`) or a domain's own (`required`, `in_use`) */
  code: string;
  /** dot-separated field path, `(root)` for the whole input */
  path: string;
  message: string;
  /** what a client needs to word it itself, e.g. `{ minimum: 1 }` (lib/issues.ts ISSUE_CODES) */
  params?: Record<string, unknown>;
}

/**
 * The base error for input a domain rejects after the schema passed (a rule that needs a
 * threshold, an email already in use…). The one error handler answers it with 400
 * `{ code: "validation_error", message, details: { fields: issues }, requestId }`, the same shape as
 * a schema failure, so the console shows both beside the fields.
 */
export class DomainInputError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[] | InputIssue, message?: string) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(message ?? (list.map((i) => `${i.path}: ${i.message}`).join("; ") || "invalid input"));
    this.name = "DomainInputError";
    this.issues = list;
  }

  /** The first issue's code, path and message, for code that reports a single field. */
  get code(): string {
    return this.issues[0]?.code ?? "invalid";
  }
  get path(): string {
    return this.issues[0]?.path ?? "(root)";
  }

  static of(path: string, message: string, code = "custom", params?: Record<string, unknown>): DomainInputError {
    return new DomainInputError([{ code, path, message, ...(params ? { params } : {}) }]);
  }
}

/** zod issues as input issues: `path` joined with dots, zod's own issue code and its params kept. */
export function zodIssues(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[]): InputIssue[] {
  return zodFieldIssues(issues);
}
