import { ConfigError, startRuntime } from "./runtime";

// `pnpm start:api` runs the api without workers; `pnpm start:worker` runs workers apart
const env = { ...process.env };
if (process.argv.includes("--role=api")) env.WORKERS = "0";

try {
  const runtime = await startRuntime(env);
  const { url, demoAccounts, config, log } = runtime;
  const shown = url.replace("127.0.0.1", "localhost");
  const lines = [`\n  IST Console is up: ${shown}`, `  API docs: ${shown}/docs`];
  if (demoAccounts.length) lines.push(`  Demo accounts (password ${config.DEMO_PASSWORD}):`, ...demoAccounts.map((e) => `    ${e}`));
  console.log(`${lines.join("\n")}\n`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
