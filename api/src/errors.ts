/** One registry: every error code the API returns, and its HTTP status. */
export const ERROR_CODES = {
  validation_error: 400,
  malformed_json: 400,
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * One field's problem in a validation_error: `code` (zod's issue code or a domain's own), dotted
 * `path`, an English `message`, and the `params` a client needs to say it in its own words
 * (`{ minimum: 1, origin: "string" }` for too_small, `{ values: [...] }` for invalid_value…).
 * The codes and their params are listed in lib/issues.ts (ISSUE_CODES).
 */
export interface FieldIssue {
  code: string;
  path: string;
  message: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }

  /** A 400 naming the fields; an issue without a code gets `custom` (a domain's own rule). */
  static validation(issues: (Omit<FieldIssue, "code"> & { code?: string })[]): AppError {
    const fields: FieldIssue[] = issues.map((f) => ({ code: f.code ?? "custom", path: f.path, message: f.message, ...(f.params && Object.keys(f.params).length ? { params: f.params } : {}) }));
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
    return new AppError("validation_error", summary || "invalid request", { fields });
  }
  static notFound(entity: string, id?: string | number): AppError {
    return new AppError("not_found", id === undefined ? `${entity} not found` : `${entity} ${id} not found`);
  }
}
