import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, ERROR_CODES, type FieldIssue } from "../errors";
import { DomainInputError } from "../lib/domain-error";

interface ValidationItem {
  /** zod's issue code (fastify-type-provider-zod puts it here), or the JSON-schema keyword */
  keyword?: string;
  instancePath?: string;
  message?: string;
  /** a custom zod issue may name its own code in `params.code` (domain rules checked in the schema) */
  params?: { issue?: { path?: PropertyKey[] }; missingProperty?: string; params?: { code?: unknown } };
}

function fieldPath(item: ValidationItem): string {
  const issuePath = item.params?.issue?.path;
  if (issuePath?.length) return issuePath.map(String).join(".");
  const fromPointer = (item.instancePath ?? "").replace(/^\//, "").split("/").filter(Boolean).join(".");
  return [fromPointer, item.params?.missingProperty].filter(Boolean).join(".") || "(root)";
}

function issueCode(item: ValidationItem): string {
  const own = item.params?.params?.code;
  return typeof own === "string" ? own : (item.keyword ?? "invalid");
}

function toAppError(error: FastifyError & { validation?: ValidationItem[]; validationContext?: string }, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof DomainInputError) return new AppError("validation_error", error.message, { fields: error.issues.map(({ code, path, message }) => ({ code, path, message })) });
  if (error.validation) {
    const fields: FieldIssue[] = error.validation.map((v) => ({ code: issueCode(v), path: fieldPath(v), message: v.message ?? "invalid" }));
    const where = error.validationContext ?? "body";
    const e = AppError.validation(fields);
    return new AppError("validation_error", fields.map((f) => `${where}.${f.path}: ${f.message}`).join("; "), e.details);
  }
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new AppError("payload_too_large", "request body is too large");
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new AppError("unsupported_media_type", error.message);
  if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return new AppError("malformed_json", `malformed JSON body for ${request.method} ${request.routeOptions.url ?? request.url}: ${error.message}`, {
      path: request.url.split("?")[0],
    });
  }
  if (error.statusCode === 429) return new AppError("rate_limited", error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = error.statusCode === 404 ? "not_found" : error.statusCode === 401 ? "unauthorized" : error.statusCode === 403 ? "forbidden" : "bad_request";
    return new AppError(code, error.message);
  }
  return new AppError("internal", "internal error");
}

/** One error handler: `{ code, message, details?, requestId }` for every failure. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: appError.code, msg: appError.message }, "request rejected");
    return sendError(reply, request, appError);
  });
});

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  const status = ERROR_CODES[error.code];
  if (status === 429) reply.header("retry-after", String(error.details?.retryAfterSeconds ?? 60));
  return reply
    .status(status)
    .type("application/json")
    .send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId: request.id });
}
