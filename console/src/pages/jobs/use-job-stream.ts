import { useEffect, useState } from "react";
import type { JobEvent } from "./job-helpers";

export type StreamStatus = "connecting" | "open" | "reconnecting";

/**
 * Follows `GET /api/jobs/stream` (Server-Sent Events, `event: job`) and keeps the latest event per run.
 * EventSource reconnects by itself; the status only tells the user whether the table is live.
 */
export function useJobStream(enabled = true) {
  const [updates, setUpdates] = useState<Map<number, JobEvent>>(() => new Map());
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/api/jobs/stream", { withCredentials: true });
    source.onopen = () => setStatus("open");
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "reconnecting" : "connecting");
    source.addEventListener("job", (message: MessageEvent<string>) => {
      let event: JobEvent;
      try {
        event = JSON.parse(message.data) as JobEvent;
      } catch {
        return; // a malformed event must not take the page down
      }
      if (typeof event?.id !== "number") return;
      setUpdates((previous) => {
        const next = new Map(previous);
        next.set(event.id, { ...previous.get(event.id), ...event });
        return next;
      });
    });
    return () => source.close();
  }, [enabled]);

  return { updates, status };
}
