import { lakeAlertServices } from "./alerts/services";
import type { ServiceName, WorkerConfig, WorkerServices } from "./context";
import type { WorkerSettings } from "./worker-config";

type Built<K extends ServiceName> = NonNullable<WorkerServices[K]> & { close?(): Promise<void> };

/**
 * How the worker runtime builds each service a domain may ask for, from the parsed config. Only
 * the services some registered domain names are built.
 */
export const SERVICE_FACTORIES: { [K in ServiceName]-?: (settings: WorkerSettings, config: WorkerConfig & { lakeDir: string }) => Built<K> } = {
  // alert rules read metric series and the firing context from the lake, bucketed in the reporting zone
  alerts: (settings, config) => lakeAlertServices(config.lakeDir, settings.REPORTING_TZ),
};

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_FACTORIES, name);
}
