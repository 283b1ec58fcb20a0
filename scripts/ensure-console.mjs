// `pnpm start` serves the built console; build it when it is missing or older than its sources.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "console/dist/index.html");

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, "console/src")), statSync(join(root, "console/index.html")).mtimeMs);
if (!existsSync(dist) || statSync(dist).mtimeMs < sources) {
  console.log("building the console (first start only)…");
  execSync("pnpm --filter @ist/console build", { cwd: root, stdio: "inherit" });
}
