import type { IngestResult } from "@ist/warehouse";

/** A non-202 answer from the ingest endpoint. */
export class IngestHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** worth sending the same events again (same event_ids, so a retry stores nothing twice) */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export interface IngestClient {
  readonly endpoint: string;
  /** posts one batch; with `retries`, network failures, 429 and 5xx are retried with backoff */
  send(events: readonly unknown[], opts?: { retries?: number }): Promise<IngestResult>;
}

/** `url` is the api's base URL (`http://localhost:3000`) or the endpoint itself. */
export function ingestEndpoint(url: string): string {
  const u = new URL(url);
  if (!u.pathname.endsWith("/v1/ingest/events")) u.pathname = `${u.pathname.replace(/\/+$/, "")}/v1/ingest/events`;
  return u.toString();
}

export function ingestClient(url: string, key: string, opts: { timeoutMs?: number } = {}): IngestClient {
  const endpoint = ingestEndpoint(url);
  const once = async (events: readonly unknown[]): Promise<IngestResult> => {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    if (res.status !== 202) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new IngestHttpError(res.status, `${res.status}: ${message}`);
    }
    return JSON.parse(text) as IngestResult;
  };
  return {
    endpoint,
    async send(events, { retries = 0 } = {}) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(events);
        } catch (err) {
          const retryable = err instanceof IngestHttpError ? err.retryable : true;
          if (!retryable || attempt >= retries) throw err;
          await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
        }
      }
    },
  };
}
