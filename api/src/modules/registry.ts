import { alerts } from "./alerts";
import { audit } from "./audit";
import { auth } from "./auth";
import { dashboards } from "./dashboards";
import { finance } from "./finance";
import { health } from "./health";
import { ingest } from "./ingest";
import { jobs } from "./jobs";
import { keys } from "./keys";
import { metrics } from "./metrics";
import { notifications } from "./notifications";
import { users } from "./users";

/**
 * Every api domain, one line each, in registration order (routes, then `ist --help` order).
 * Adding a domain: its folder under modules/ with an index.ts descriptor, and a line here.
 */
export const API_DOMAINS = [health, auth, users, audit, jobs, keys, ingest, alerts, notifications, metrics, dashboards, finance] as const;
