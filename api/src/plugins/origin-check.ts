import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Sec-Fetch-Site values a browser sends for the console's own requests (`none`: typed in the address bar) */
const SAME_SITE_FETCH = new Set(["same-origin", "none"]);

export interface OriginCheckOptions {
  /** origins besides the request's own that may send state-changing requests (`https://console.example.com`) */
  allowedOrigins?: readonly string[];
}

/**
 * Cross-site request forgery defence for every state-changing request (OWASP's "verifying origin
 * with standard headers", as Rails and Django do): a browser says where a request comes from in
 * `Sec-Fetch-Site` (every current browser) or `Origin`; a request from another site is refused with
 * 403 before its body is read, whatever its Content-Type (a `text/plain` form post needs no CORS
 * preflight, so SameSite=Lax cookies alone do not stop it on a same-site sibling or an old browser).
 * A request naming neither header is not from a browser's page (curl, the CLI, the platform's
 * ingest with an API key) and is let through: it carries no ambient cookie an attacker could use.
 * A request with `Authorization` is also let through: a browser sends that header cross-origin only
 * after a CORS preflight, which this api never grants.
 */
export const originCheck = fp(async (app: FastifyInstance, options: OriginCheckOptions) => {
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase()));
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization) return;
    const refusal = crossSiteReason(request, allowed);
    if (refusal) throw new AppError("forbidden", `cross-site request refused: ${refusal}`);
  });
});

function crossSiteReason(request: FastifyRequest, allowed: ReadonlySet<string>): string | null {
  const origin = request.headers.origin;
  const own = `${request.protocol}://${request.host}`.toLowerCase();
  if (origin !== undefined) {
    const o = origin.toLowerCase();
    if (o === own || allowed.has(o)) return null;
    return `Origin ${origin.slice(0, 100)} is not this console's`;
  }
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string" && !SAME_SITE_FETCH.has(site.toLowerCase())) return `Sec-Fetch-Site is ${site.slice(0, 20)}`;
  return null;
}
