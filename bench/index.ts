import { apiUsersBench } from "./api-users.js";
import { dashboardsBench } from "./dashboards.js";
import { generatorBench } from "./generator.js";
import type { Bench } from "./harness.js";
import { ingestBench } from "./ingest.js";
import { kpiBenches } from "./kpi.js";

/** Every benchmark, in the order `pnpm bench` runs them. */
export const BENCHES: Bench[] = [generatorBench, ...kpiBenches, dashboardsBench, ingestBench, apiUsersBench];
