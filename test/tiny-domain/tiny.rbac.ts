import type { AccessRow } from "../../api/src/domain";

export const rows: AccessRow[] = [{ method: "GET", url: "/api/tiny/things", allowed: ["admin", "support"] }];
