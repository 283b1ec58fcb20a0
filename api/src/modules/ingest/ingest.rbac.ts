import type { AccessRow } from "../../domain";

// machines, not console users: public for sessions, the route itself demands an ingest key (401 here)
export const rows: AccessRow[] = [{ method: "POST", url: "/v1/ingest/events", allowed: "public", body: { events: [] } }];
