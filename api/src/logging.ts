import pino, { type LoggerOptions } from "pino";
import { redactError } from "@ist/db";

/** Secrets that travel in headers. */
export const REDACT = ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]', "*.password", "*.passwordHash", "*.keyHash"];

/** Query strings may carry personal data (`?q=someone@example.com`): the log keeps their names only. */
export function redactQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=*`);
  return `${url.slice(0, at)}?${names.join("&")}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  hostname?: string;
  socket?: { remotePort?: number };
}

/**
 * The options of every api logger: header secrets censored, errors without the values a failed
 * query carried (db/src/redact.ts), request lines without query values.
 */
export function logOptions(level: string): LoggerOptions {
  return {
    level,
    redact: REDACT,
    serializers: {
      err: (err: Error) => pino.stdSerializers.err(redactError(err)),
      req: (req: LoggedRequest) => ({ method: req.method, url: redactQuery(req.url ?? ""), host: req.host ?? req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
  };
}
