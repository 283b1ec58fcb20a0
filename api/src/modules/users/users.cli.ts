import type { Command } from "commander";
import { connectDb, migrate, sealLegacyPii } from "@ist/db";
import { CliInputError, type CliIo, formatIssues, printJson } from "../../cli/io";
import { loadConfig } from "../../config";
import { AppError } from "../../errors";
import { writeAudit } from "../../plugins/audit";
import { UserCreateBody } from "./users.schemas";
import { createUser, toUserDto } from "./users.service";

export function usersCommands(program: Command, io: CliIo) {
  const users = program.command("users").description("console accounts");
  users
    .command("create")
    .description("create a console account; the password is read from stdin")
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption("--role <role>", "admin | operator | marketer | support | finance | viewer | partner")
    .option("--name <name>", "display name (default: the part of the email before @)")
    .option("--locale <locale>", "en | zh-CN", "en")
    .action(async (opts: { email: string; role: string; name?: string; locale: string }) => {
      const password = (await io.stdin()).replace(/\r?\n$/, "");
      const parsed = UserCreateBody.safeParse({ email: opts.email, role: opts.role, displayName: opts.name ?? opts.email.split("@")[0], locale: opts.locale, password });
      if (!parsed.success) throw new CliInputError(formatIssues(parsed.error, { displayName: "name" }));
      const config = loadConfig();
      const handle = await connectDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
      try {
        if (handle.mode === "owner" || config.DATABASE_URL) {
          await migrate(handle);
          await sealLegacyPii(handle.db);
        }
        const user = await handle.db.transaction(async (tx) => {
          const created = await createUser(tx, parsed.data);
          await writeAudit(tx, null, { action: "user.create", entity: "user", entityId: created.id, actorEmail: "cli", after: toUserDto(created) });
          return created;
        });
        printJson(io, toUserDto(user));
      } catch (error) {
        if (error instanceof AppError && error.code === "conflict") throw new CliInputError(`email: ${error.message}`);
        throw error;
      } finally {
        await handle.close();
      }
    });
}
