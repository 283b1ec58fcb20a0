import { z } from "zod";
import { ERROR_CODES } from "../errors";
import { ISSUE_CODES } from "./issues";

const issueCodes = Object.entries(ISSUE_CODES)
  .map(([code, what]) => `\`${code}\`: ${what}`)
  .join("; ");

/** One field's problem in a 400 `validation_error` (errors.ts FieldIssue). */
export const FieldIssueDto = z
  .object({
    code: z.string().describe(`stable, for a client to translate; one of: ${issueCodes}; or a domain's own (its message says what)`),
    path: z.string().describe("the field, dotted (`emailTo.2`, `query.from`); `(root)` for the whole input"),
    message: z.string().describe("English, for logs and as the fallback"),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("what the code needs to be worded: `minimum`, `maximum`, `origin` (string, number, array…), `inclusive`, `expected`, `values`, `format`, `keys`…"),
  })
  .meta({ title: "FieldIssue" });

/** The body of every error answer (plugins/errors.ts): `{ code, message, details?, requestId }`. */
export const ErrorBody = z
  .object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]).describe("one of the error registry's codes (api/src/errors.ts)"),
    message: z.string().describe("English; a client shows `details.fields` when there are any"),
    details: z
      .object({
        fields: z.array(FieldIssueDto).optional().describe("validation_error: one entry per field"),
        retryAfterSeconds: z.number().optional().describe("rate_limited: also in the Retry-After header"),
      })
      .catchall(z.unknown())
      .optional()
      .describe("validation errors: `fields: [{ code, path, message, params? }]`"),
    requestId: z.string(),
  })
  .meta({ title: "ErrorBody" });
export type ErrorBody = z.infer<typeof ErrorBody>;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

/**
 * The error answers a route can give, for its `response` schema: `...errors(400, 404)`. 401 and 403
 * come with every route behind a session (the auth plugin answers them), so `authed` adds them.
 */
export function errors<const S extends ErrorStatus[]>(...statuses: S): Record<S[number], typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<S[number], typeof ErrorBody>;
}

/** The errors of a signed-in route: no session (401), no permission (403), plus the route's own. */
export function authed<const S extends ErrorStatus[]>(...statuses: S) {
  return errors(401, 403, ...statuses);
}

/** An event stream's 200 for /docs: the events it sends, as `text/event-stream`. */
export function eventStream(description: string) {
  return z.string().meta({ description, content: { "text/event-stream": { schema: { type: "string", description } } } });
}

/** An empty answer (204). */
export const NoContent = z.undefined().describe("no content");
