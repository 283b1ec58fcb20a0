import { existsSync } from "node:fs";
import type { Command } from "commander";
import { formatSettlement, settle, SettlementInputError } from "@ist/jobs/commissions/engine";
import { CliInputError, type CliIo, readInput } from "../../cli/io";

/** `ist commissions settle [--input FILE]`: the settlement engine over a JSON file or stdin (COMMISSIONS.md). */
export function commissionsCommands(program: Command, io: CliIo) {
  const commissions = program.command("commissions").description("partner commissions");
  commissions
    .command("settle")
    .description("settle one period: the engine input JSON (file or stdin) → statements JSON; exit 2 naming the JSON path of bad input")
    .option("--input <file>", "the engine input (default: stdin)")
    .action(async (opts: { input?: string }) => {
      if (opts.input !== undefined && opts.input !== "-" && !existsSync(opts.input)) throw new CliInputError(`input: ${opts.input} does not exist`);
      const text = opts.input !== undefined && opts.input !== "-" ? await readInput(opts.input) : await io.stdin();
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new CliInputError("(input): not valid JSON");
      }
      try {
        io.out(formatSettlement(settle(raw)));
      } catch (error) {
        if (error instanceof SettlementInputError) throw new CliInputError(error.message);
        throw error;
      }
    });
}
