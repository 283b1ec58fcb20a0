import { QueryPool } from "@ist/warehouse";
import { firingContext, type Window } from "./context";
import { lakeSeries, type FetchSeries, type LakeReader } from "./series";

/** What the alerts processors read from outside the operational database. */
export interface AlertServices {
  fetchSeries: FetchSeries;
  /** what else happened on the platform in a window (campaigns, experiments, …) */
  fetchContext(window: Window): Promise<Record<string, unknown>>;
}

export function alertServicesFrom(lake: LakeReader, fetchSeries: FetchSeries = lakeSeries(lake)): AlertServices {
  return { fetchSeries, fetchContext: (window) => firingContext(lake, window) };
}

/**
 * Alert services over the lake in `lakeDir`, opening their DuckDB reader on first use: a worker
 * with no alert rules never pays for it.
 */
export function lakeAlertServices(lakeDir: string): AlertServices & { close(): Promise<void> } {
  let pool: Promise<QueryPool> | undefined;
  const lake: LakeReader = {
    async query(sql, params) {
      pool ??= QueryPool.open({ lakeDir, connections: 1, threads: 1 }).catch((err: unknown) => {
        pool = undefined;
        throw err;
      });
      const p = await pool;
      // a flush since the last evaluation may have created the first file of a view
      await p.refresh();
      return p.query(sql, params);
    },
  };
  return {
    ...alertServicesFrom(lake),
    async close() {
      if (pool) await (await pool.catch(() => undefined))?.close();
    },
  };
}
