import type { Command } from "commander";
import type { CliIo } from "../../cli/io";
import { defineApiDomain } from "../../domain";
import { ingestCommands } from "./ingest.cli";
import { ingestRoutes } from "./ingest.routes";
import { lakeCommands } from "./lake.cli";

/**
 * `POST /v1/ingest/events`, for machines holding an ingest key (no console permission), and the
 * lake's commands: `ist sql|seed|ingest|simulate`.
 */
export const ingest = defineApiDomain({
  name: "ingest",
  routes: ingestRoutes,
  cli: (program: Command, io: CliIo) => {
    lakeCommands(program, io);
    ingestCommands(program, io);
  },
});
