import type { Logger } from "pino";
import { usePiiKey, type Db } from "@ist/db";
import type { WorkerConfig, WorkerServices } from "./context";
import type { AnyJobsDomain } from "./domain";
import { createQueues, DEFAULT_QUEUE_PREFIX } from "./queues";
import { JOBS_DOMAINS } from "./registry";
import { registerSchedules } from "./schedules";
import { isServiceName, SERVICE_FACTORIES } from "./services";
import { startWorkers, type StartWorkersOptions } from "./worker";
import { workerConfigFrom, type WorkerSettings } from "./worker-config";

export interface WorkerRuntimeOptions {
  /** the parsed config: WorkerEnv in `pnpm start:worker`, the api's Config (which extends it) in `pnpm start` */
  config: WorkerSettings;
  db: Db;
  redisUrl: string;
  prefix?: string;
  log: Logger;
  /** the domains to run; the registry's (JOBS_DOMAINS) by default */
  domains?: readonly AnyJobsDomain[];
  /** services handed in instead of built from config (a service nothing can build must come this way) */
  services?: WorkerServices;
  onJobFinished?: StartWorkersOptions["onJobFinished"];
}

export interface WorkerRuntime {
  /** what the processors got */
  config: WorkerConfig;
  /** lets running jobs finish, then closes the services and connections it opened */
  close(): Promise<void>;
}

/**
 * The one way a process runs the workers (`pnpm start` in the api process, `pnpm start:worker` on
 * its own): builds the services the domains need, starts a worker per queue (which refuses to
 * start when a domain lacks a processor or a service), and registers the domains' schedules.
 */
export async function startWorkerRuntime(opts: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const domains = opts.domains ?? JOBS_DOMAINS;
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const config = workerConfigFrom(opts.config);
  // personal data columns (alert recipients, users' emails) seal and open with the install's key
  if (config.alerts?.encryptionKey) usePiiKey(config.alerts.encryptionKey);
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of closers.splice(0).reverse()) await fn().catch((err: unknown) => opts.log.warn({ err }, "worker shutdown step failed"));
  };

  try {
    const services: Record<string, unknown> = { ...opts.services };
    for (const name of new Set(domains.flatMap((d) => d.services ?? []))) {
      // an unknown name stays missing: startWorkers names the domain that asked for it
      if (services[name] !== undefined || !isServiceName(name)) continue;
      const service = SERVICE_FACTORIES[name](opts.config, config);
      services[name] = service;
      if (service.close) closers.push(() => service.close!());
    }
    // closed in reverse: workers first (running jobs finish), then the queues, then the services
    const queues = createQueues({ url: opts.redisUrl, prefix, domains });
    closers.push(() => queues.close());
    const workers = await startWorkers({ db: opts.db, redisUrl: opts.redisUrl, prefix, log: opts.log, config, env: opts.config, services, domains, onJobFinished: opts.onJobFinished });
    closers.push(() => workers.close());
    await registerSchedules(queues, config, domains);
  } catch (error) {
    await close();
    throw error;
  }
  return { config, close };
}
