import type { Command } from "commander";
import type { Db } from "@ist/db";
import { withDb } from "../../cli/db";
import { CliInputError, type CliIo, formatIssues, printJson } from "../../cli/io";
import { AppError } from "../../errors";
import { writeAudit } from "../../plugins/audit";
import { KeyCreateBody, type KeyDto } from "./keys.schemas";
import { createKey, revokeKey, toKeyDto } from "./keys.service";

/** Creates a key and returns it; the only place besides POST /api/keys a key is ever seen. */
export async function createKeyCli(db: Db, kind: "ingest" | "sdk", name: string): Promise<{ id: number; key: string }> {
  return db.transaction(async (tx) => {
    const { row, key } = await createKey(tx, { kind, name, createdBy: null });
    await writeAudit(tx, null, { action: "key.create", entity: "api_key", entityId: row.id, actorEmail: "cli", after: toKeyDto(row, null) });
    return { id: row.id, key };
  });
}

export async function revokeKeyCli(db: Db, id: number): Promise<KeyDto> {
  return db.transaction(async (tx) => {
    const change = await revokeKey(tx, id);
    if (change.changed) await writeAudit(tx, null, { action: "key.revoke", entity: "api_key", entityId: id, actorEmail: "cli", before: change.before, after: change.after });
    return change.after;
  });
}

export function keysCommands(program: Command, io: CliIo) {
  const keys = program.command("keys").description("ingest keys and SDK client keys");
  keys
    .command("create")
    .description("create a key and print it (only the key, once: it is stored hashed)")
    .requiredOption("--kind <kind>", "ingest | sdk")
    .requiredOption("--name <name>", "what the key is for, e.g. the platform's prod cluster")
    .action(async (opts: { kind: string; name: string }) => {
      const parsed = KeyCreateBody.safeParse(opts);
      if (!parsed.success) throw new CliInputError(formatIssues(parsed.error));
      const { key } = await withDb((db) => createKeyCli(db, parsed.data.kind, parsed.data.name));
      io.out(`${key}\n`);
    });
  keys
    .command("revoke")
    .description("revoke a key: clients using it get 401 within seconds")
    .requiredOption("--id <id>", "the key's id (GET /api/keys lists them)")
    .action(async (opts: { id: string }) => {
      const id = Number(opts.id);
      if (!Number.isInteger(id) || id <= 0) throw new CliInputError("id: must be a positive integer");
      const after = await withDb((db) =>
        revokeKeyCli(db, id).catch((error: unknown) => {
          if (error instanceof AppError && error.code === "not_found") throw new CliInputError(`id: ${error.message}`);
          throw error;
        }),
      );
      printJson(io, after);
    });
}
