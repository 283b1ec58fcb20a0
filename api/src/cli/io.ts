import { readFileSync } from "node:fs";

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

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
