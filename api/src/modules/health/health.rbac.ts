import type { AccessRow } from "../../domain";

// load balancers ask without a session
export const rows: AccessRow[] = [{ method: "GET", url: "/health", allowed: "public" }];
