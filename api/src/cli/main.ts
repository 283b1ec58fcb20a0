import { Command, CommanderError } from "commander";
import { usePrivateUmask } from "@ist/db";
import { ConfigError } from "../config";
import type { ApiDomain } from "../domain";
import { API_DOMAINS } from "../modules/registry";
import { CliInputError, type CliIo, stdio } from "./io";

/**
 * `pnpm -s ist <group> <command>`: JSON in (file or stdin), JSON out; exit 2 on bad input.
 * The commands are the domains' `cli`, in registry order.
 */
export function buildCli(io: CliIo = stdio, domains: readonly ApiDomain[] = API_DOMAINS): Command {
  const program = new Command("ist")
    .description("IST Console command line")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const domain of domains) domain.cli?.(program, io);
  return program;
}

export async function runCli(argv: string[], io: CliIo = stdio, domains: readonly ApiDomain[] = API_DOMAINS): Promise<number> {
  try {
    await buildCli(io, domains).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliInputError || error instanceof ConfigError) {
      io.err(`${error.message.split("\n").join(" ")}\n`);
      return 2;
    }
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // the CLI may open the PGlite files or write the lake: what it creates is the owner's alone
  usePrivateUmask();
  process.exitCode = await runCli(process.argv.slice(2));
}
