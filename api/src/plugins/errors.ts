import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, ERROR_CODES, type FieldIssue } from "../errors";
import { DomainInputError } from "../lib/domain-error";
import { validationFieldIssues, type ValidationItem } from "../lib/issues";

function toAppError(error: FastifyError & { validation?: ValidationItem[]; validationContext?: string }, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof DomainInputError) {
    return new AppError("validation_error", error.message, {
      fields: error.issues.map(({ code, path, message, params }): FieldIssue => ({ code, path, message, ...(params && Object.keys(params).length ? { params } : {}) })),
    });
  }
  if (error.validation) {
    const fields = validationFieldIssues(error.validation);
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

/** Errors Fastify raises before any route runs (`frameworkErrors`): a URL that does not decode, an async constraint. */
export function frameworkError(error: FastifyError): AppError {
  if (error.code === "FST_ERR_BAD_URL" || error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return AppError.validation([{ code: error.code === "FST_ERR_BAD_URL" ? "invalid_encoding" : "too_big", path: "url", message: error.code === "FST_ERR_BAD_URL" ? "is not valid percent-encoded UTF-8" : "has a path segment that is too long" }]);
  }
  return new AppError("bad_request", "the request could not be routed");
}

/** One error handler: `{ code, message, details?, requestId }` for every failure. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    // the reason under its own key: `msg` is pino's message field, and a second one garbles the line
    else request.log.info({ code: appError.code, reason: appError.message }, "request rejected");
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
