import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { AppDeps } from "../app";
import { AppError } from "../errors";
import { sendError } from "./errors";

const defaultDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../console/dist");
const API_PREFIXES = ["/api", "/v1", "/health", "/metrics", "/docs"];

/** Serves the built console at `/`, with the SPA's index.html for its client-side routes. */
export const consolePlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  const root = deps.config.CONSOLE_DIR ? resolve(deps.config.CONSOLE_DIR) : defaultDir;
  const hasConsole = existsSync(join(root, "index.html"));
  if (hasConsole) {
    await app.register(fastifyStatic, { root, prefix: "/", wildcard: true, index: ["index.html"] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const wantsPage = request.method === "GET" && !API_PREFIXES.some((p) => path.startsWith(p)) && (request.headers.accept ?? "").includes("text/html");
    if (wantsPage && hasConsole) return reply.type("text/html").sendFile("index.html");
    return sendError(reply, request, new AppError("not_found", `route ${request.method} ${path} not found`));
  });
});
