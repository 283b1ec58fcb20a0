import { ConfigError, startRuntime, type Runtime } from "./runtime";
import { docsEnabled } from "./app";

// `pnpm start:api` runs the api without workers; `pnpm start:worker` runs workers apart
const env = { ...process.env };
if (process.argv.includes("--role=api")) env.WORKERS = "0";

let runtime: Runtime | undefined;
let stopping = false;
// handlers go in first: a SIGTERM during start-up still closes what was opened
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  runtime?.log.info({ signal }, "shutting down");
  setTimeout(() => process.exit(1), 15_000).unref();
  await runtime?.close();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

try {
  runtime = await startRuntime(env);
  if (stopping) await runtime.close();
  const { url, demoAccounts, config } = runtime;
  const shown = url.replace("127.0.0.1", "localhost");
  const lines = [`\n  IST Console is up: ${shown}`, ...(docsEnabled(config) ? [`  API docs: ${shown}/docs`] : [])];
  if (demoAccounts.length) lines.push(`  Demo accounts (password ${config.DEMO_PASSWORD}):`, ...demoAccounts.map((e) => `    ${e}`));
  console.log(`${lines.join("\n")}\n`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
