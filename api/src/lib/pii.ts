import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * Whether the signed-in user sees personal data unmasked (`pii:read`). Routes that answer with
 * emails or names of other people mask them (maskPii / maskPersonal from @ist/db) otherwise.
 */
export function canReadPii(app: FastifyInstance, request: FastifyRequest): boolean {
  return request.user !== null && app.rbac.can(request.user.role, "pii:read");
}
