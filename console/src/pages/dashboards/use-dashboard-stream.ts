import { useEffect, useEffectEvent, useState } from "react";

export type LiveStatus = "connecting" | "live" | "reconnecting";

/**
 * Follows `GET /api/dashboards/stream` (SSE): `ready` once connected, then `data` with `{asOf}`
 * whenever new events land in the lake. `onData` is called for each; EventSource reconnects by itself.
 */
export function useDashboardStream(onData: (asOf: string | undefined) => void, enabled = true): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const notify = useEffectEvent((asOf: string | undefined) => onData(asOf));

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource("/api/dashboards/stream", { withCredentials: true });
    source.onopen = () => setStatus("live");
    source.addEventListener("ready", () => setStatus("live"));
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "reconnecting" : "connecting");
    source.addEventListener("data", (message: MessageEvent<string>) => {
      let asOf: string | undefined;
      try {
        asOf = (JSON.parse(message.data) as { asOf?: string })?.asOf;
      } catch {
        // a malformed event still means there is new data
      }
      notify(asOf);
    });
    return () => source.close();
  }, [enabled]);

  return status;
}
