// `pnpm dev`: the api with reload on change, and Vite's dev server proxying to it.
import { spawn } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const children = [
  spawn("pnpm", ["exec", "tsx", "watch", "api/src/server.ts"], { cwd: root, stdio: "inherit" }),
  spawn("pnpm", ["--filter", "@ist/console", "dev"], { cwd: root, stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
children.forEach((c) => c.on("exit", (code) => { stop(); process.exitCode = code ?? 0; }));
