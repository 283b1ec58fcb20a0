import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, type FieldIssue } from "../errors";
import { NUL_CODE, NUL_MESSAGE } from "../lib/schemas";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route checks its input's strings itself, item by item (ingest: a NUL in one event is
     * that event's rejection, not the batch's), so the request-wide check below skips it.
     */
    ownInputChecks?: boolean;
  }
}

/** Deeper JSON than this is refused: no route takes more than a few levels, and PostgreSQL's jsonb and the walkers below stay bounded. */
export const MAX_INPUT_DEPTH = 32;

type Part = "params" | "querystring" | "body";

/**
 * The first string (value or key) holding U+0000 in `input`, or the first place nested deeper
 * than MAX_INPUT_DEPTH, as a field issue. Iterative, so hostile nesting cannot overflow the stack.
 */
export function unsafeInputIssue(input: unknown): FieldIssue | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    const where = path.join(".") || "(root)";
    if (typeof value === "string") {
      if (value.includes("\u0000")) return { code: NUL_CODE, path: where, message: NUL_MESSAGE };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) return { code: "too_deep", path: where, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep`, params: { maximum: MAX_INPUT_DEPTH } };
    for (const [key, child] of Object.entries(value)) {
      if (key.includes("\u0000")) return { code: NUL_CODE, path: [...path, key.replaceAll("\u0000", "\\u0000")].join("."), message: NUL_MESSAGE };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

function check(request: FastifyRequest, part: Part, value: unknown): void {
  const issue = unsafeInputIssue(value);
  if (!issue) return;
  const where = part === "querystring" ? "query" : part;
  throw new AppError("validation_error", `${where}.${issue.path}: ${issue.message}`, { fields: [issue] });
}

/**
 * Request-wide input safety, for every route, schema or not (a job's payload, a route added
 * tomorrow): NUL characters anywhere in the path, query or JSON body, and absurdly nested JSON,
 * are a 400 naming the field, before a handler can hand them to PostgreSQL (text and jsonb
 * refuse U+0000: a 500) or to the audit log. The route schemas check the same with
 * lib/schemas.ts `text()`, so the field code is the same either way.
 */
export const inputGuard = fp(async (app: FastifyInstance) => {
  app.addHook("preValidation", async (request) => {
    if (request.routeOptions.config.ownInputChecks) return;
    check(request, "params", request.params);
    check(request, "querystring", request.query);
    check(request, "body", request.body);
  });
});
