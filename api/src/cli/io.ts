import { readFileSync } from "node:fs";
import type { z } from "zod";

/** Bad input: exit 2 with one line naming the field. */
export class CliInputError extends Error {}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function readInput(file?: string): Promise<string> {
  return file && file !== "-" ? readFileSync(file, "utf8") : readStdin();
}

/** Where commands read and write: the process's stdio, or buffers in a test. */
export interface CliIo {
  stdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

export const stdio: CliIo = {
  stdin: readStdin,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** The first issue as `field: message`, the one line bad input exits 2 with; `flags` renames a field to the flag that sets it. */
export function formatIssues(error: z.ZodError, flags: Record<string, string> = {}): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const field = issue.path.join(".") || "(input)";
  return `${flags[field] ?? field}: ${issue.message}`;
}
