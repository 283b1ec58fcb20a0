import type { HttpError, ValidationErrors } from "@refinedev/core";
import type { ErrorBody } from "../api/types";
import { apiErrorMessage, fieldIssueMessage, formFieldOf, type ApiFieldIssue, type Translate } from "./api-messages";

/**
 * An error answer as read here: the api's `ErrorBody`, every part optional (a proxy in between may
 * answer instead), with the two `details` the console acts on: validation `fields` and `retryAfterSeconds`.
 */
export type ApiErrorBody = Partial<Omit<ErrorBody, "details">> & {
  details?: { fields?: ApiFieldIssue[]; retryAfterSeconds?: number; [key: string]: unknown };
};

/** Without a translator (unit tests, before i18n starts) messages stay the api's English. */
const english: Translate = (_key, options) => String(options?.defaultValue ?? "");
let translate: Translate = english;

/** i18n.ts hands its `t` over once it has started: from then on refusals arrive in the UI language. */
export function setErrorTranslator(t: Translate): void {
  translate = t;
}

export interface ApiHttpError extends HttpError {
  code?: string;
  requestId?: string;
  details?: ApiErrorBody["details"];
}

/** `details.fields` → Refine's `errors`, which `useForm` puts on the matching form items, each in the UI language. */
export function fieldErrors(body: ApiErrorBody | undefined, t: Translate = translate): ValidationErrors | undefined {
  const fields = body?.details?.fields;
  if (!fields?.length) return undefined;
  const errors: ValidationErrors = {};
  for (const issue of fields) {
    const key = formFieldOf(issue.path);
    if (!key) continue;
    const message = fieldIssueMessage(issue, t);
    const previous = errors[key];
    errors[key] = Array.isArray(previous) ? [...previous, message] : typeof previous === "string" ? [previous, message] : message;
  }
  return errors;
}

/** The api's refusal as Refine's HttpError: `message` (what notifications show) and `errors` in the UI language, the rest as sent. */
export function toHttpError(status: number, body: ApiErrorBody | undefined, fallback: string, t: Translate = translate): ApiHttpError {
  const errors = fieldErrors(body, t);
  return {
    message: apiErrorMessage(body, status, t, body?.message ?? fallback),
    statusCode: status,
    ...(body?.code ? { code: body.code } : {}),
    ...(body?.requestId ? { requestId: body.requestId } : {}),
    ...(body?.details ? { details: body.details } : {}),
    ...(errors ? { errors } : {}),
  };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON over fetch for the few calls outside the data provider (auth, job runs). Throws ApiHttpError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "include",
    headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = await readBody(response);
  if (!response.ok) throw toHttpError(response.status, body as ApiErrorBody | undefined, response.statusText || `HTTP ${response.status}`);
  return body as T;
}

export function isHttpError(value: unknown): value is ApiHttpError {
  return typeof value === "object" && value !== null && typeof (value as { statusCode?: unknown }).statusCode === "number";
}
