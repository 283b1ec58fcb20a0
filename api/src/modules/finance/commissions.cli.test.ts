import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const EXAMPLE = `${ROOT}jobs/src/commissions/test-support/commissions-example`;
const expected = readFileSync(`${EXAMPLE}.output.json`, "utf8");

function bufferIo(stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdin: async () => stdin, out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

describe("ist commissions settle", () => {
  it("prints the worked example's output byte for byte, from a file and from stdin", async () => {
    const file = bufferIo("");
    expect(await runCli(["commissions", "settle", "--input", `${EXAMPLE}.input.json`], file.io)).toBe(0);
    expect(file.out.join("")).toBe(expected);
    const stdin = bufferIo(readFileSync(`${EXAMPLE}.input.json`, "utf8"));
    expect(await runCli(["commissions", "settle"], stdin.io)).toBe(0);
    expect(stdin.out.join("")).toBe(expected);
  });

  it.each([
    ["not JSON", "{", "(input): not valid JSON\n"],
    ["a bad amount", JSON.stringify({ ...JSON.parse(readFileSync(`${EXAMPLE}.input.json`, "utf8")), minPayout: "50.001" }), "minPayout: more fractional digits than USD has (2)\n"],
  ])("exits 2 on %s, naming the JSON path on one line", async (_, stdin, message) => {
    const run = bufferIo(stdin);
    expect(await runCli(["commissions", "settle"], run.io)).toBe(2);
    expect(run.err.join("")).toBe(message);
    expect(run.out).toEqual([]);
  });

  it("exits 2 on a missing file", async () => {
    const run = bufferIo("");
    expect(await runCli(["commissions", "settle", "--input", "/nonexistent/in.json"], run.io)).toBe(2);
    expect(run.err.join("")).toBe("input: /nonexistent/in.json does not exist\n");
  });

  it("as a process: the same bytes on two runs, exit 2 with the path on stderr", async () => {
    const run = promisify(execFile);
    const cli = ["exec", "tsx", "api/src/cli/main.ts", "commissions", "settle", "--input", `${EXAMPLE}.input.json`];
    const [a, b] = await Promise.all([run("pnpm", cli, { cwd: ROOT }), run("pnpm", cli, { cwd: ROOT })]);
    expect(a.stdout).toBe(expected);
    expect(b.stdout).toBe(a.stdout);
    const bad = await run("pnpm", ["exec", "tsx", "api/src/cli/main.ts", "commissions", "settle", "--input", `${ROOT}package.json`], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toBe("period: Invalid input: expected object, received undefined\n");
  });
});
