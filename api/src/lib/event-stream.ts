import { on, type EventEmitter } from "node:events";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface StreamOptions {
  /** sent at once, so clients (and proxies) see the stream open before anything happens */
  ready: unknown;
  source: EventEmitter;
  /** the emitter's event to follow; also the SSE event name */
  event: string;
  /** the SSE data for one emitted value; default: the value itself */
  toData?: (value: unknown) => unknown;
}

/**
 * Server-sent events that follow an in-process emitter until the client goes away. Streams still
 * open when the app closes are ended, or `close()` would wait for them forever.
 */
export function eventStreams(app: FastifyInstance) {
  const open = new Set<AbortController>();
  app.addHook("preClose", async () => open.forEach((s) => s.abort()));

  return async function stream(request: FastifyRequest, reply: FastifyReply, { ready, source, event, toData = (v) => v }: StreamOptions): Promise<void> {
    const abort = new AbortController();
    open.add(abort);
    request.raw.on("close", () => {
      abort.abort();
      open.delete(abort);
    });
    async function* events() {
      yield { event: "ready", data: ready };
      try {
        for await (const [data] of on(source, event, { signal: abort.signal })) yield { event, data: toData(data) };
      } catch (error) {
        if ((error as Error).name !== "AbortError") throw error;
      }
    }
    await reply.sse.send(events());
  };
}
