import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { allowedHost, refusedAddress, type OutboundPolicy } from "./guard";

/**
 * The one way a processor calls a URL someone typed in (OWASP's SSRF prevention cheat sheet):
 * http(s) only; the host is resolved once, every address it resolves to is checked by guard.ts,
 * and the connection goes to the checked address (a `lookup` that returns it), so a DNS answer
 * that changes between check and connect (rebinding) cannot redirect it. Redirects are followed
 * by hand, each hop checked the same way. A refused or failed call says why in words that tell
 * nothing about an internal host (no status, no connection error of an address it refused).
 */

export const OUTBOUND_TIMEOUT_MS = 5_000;
export const MAX_REDIRECTS = 3;

export class OutboundError extends Error {
  constructor(
    message: string,
    /** `refused`: the guard said no; `failed`: the target did not answer well */
    readonly kind: "refused" | "failed",
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface OutboundRequest {
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  /** the URL that answered, after redirects */
  url: string;
}

interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Resolves and checks one URL; returns the address to connect to. */
export async function resolveTarget(raw: string | URL, policy: OutboundPolicy): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("refused: not a URL", "refused");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundError(`refused: ${url.protocol} URLs are not allowed (http and https only)`, "refused");
  if (url.username || url.password) throw new OutboundError("refused: credentials in the URL are not allowed", "refused");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const allowed = allowedHost(host, policy);
  let addresses: LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError(`failed: ${host} does not resolve`, "failed");
    }
  }
  if (addresses.length === 0) throw new OutboundError(`failed: ${host} does not resolve`, "failed");
  if (!allowed) {
    // every address: a name with one public and one internal address is refused too
    for (const a of addresses) {
      const why = refusedAddress(a.address);
      if (why) throw new OutboundError(`refused: ${host} is a ${why} address (an admin may allow the host in OUTBOUND_ALLOW_HOSTS)`, "refused");
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

function pinned(target: Target): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function once(target: Target, req: OutboundRequest, deadline: number): Promise<IncomingMessage> {
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    method: req.method ?? "GET",
    headers: { ...req.headers, ...(req.body !== undefined ? { "content-length": String(Buffer.byteLength(req.body)) } : {}) },
    lookup: pinned(target),
    timeout: Math.max(1, deadline - Date.now()),
  };
  return new Promise((resolve, reject) => {
    const r = send(target.url, options, resolve);
    r.on("timeout", () => r.destroy(new OutboundError(`failed: no answer within ${Math.round((req.timeoutMs ?? OUTBOUND_TIMEOUT_MS) / 1000)} s`, "failed")));
    r.on("error", (err) => reject(err instanceof OutboundError ? err : new OutboundError(`failed: could not connect to ${target.url.host}`, "failed")));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Sends the request through the guard; resolves with the final status, throws OutboundError. */
export async function outboundFetch(raw: string, req: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  const deadline = Date.now() + (req.timeoutMs ?? OUTBOUND_TIMEOUT_MS);
  let current: OutboundRequest = req;
  let url: string | URL = raw;
  for (let hop = 0; ; hop++) {
    const target = await resolveTarget(url, policy);
    const res = await once(target, current, deadline);
    res.resume();
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status < 300 || status >= 400 || !location) return { status, url: target.url.toString() };
    if (hop >= (req.maxRedirects ?? MAX_REDIRECTS)) throw new OutboundError(`failed: more than ${req.maxRedirects ?? MAX_REDIRECTS} redirects`, "failed");
    url = new URL(location, target.url);
    // 307/308 repeat the request as it was; the others become a GET without a body (as browsers do)
    if (status !== 307 && status !== 308) current = { ...current, method: "GET", body: undefined, headers: withoutBodyHeaders(current.headers) };
  }
}

function withoutBodyHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => !/^content-/i.test(k)));
}
