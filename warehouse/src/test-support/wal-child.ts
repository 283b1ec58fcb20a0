// Run as a child process by wal.test.ts: appends acknowledged batches, reports them, then waits to be killed.
import { Wal } from "../lake/wal.js";
import { row } from "./lake.js";

const [lakeDir, instance, countArg] = process.argv.slice(2);
const count = Number(countArg);
const wal = await Wal.open({ lakeDir: lakeDir as string, instance: instance as string });
for (let b = 0; b < 4; b++) {
  await wal.append(Array.from({ length: count / 4 }, (_, i) => row(b * (count / 4) + i, { days: 3 })));
}
process.stdout.write(`acked ${count}\n`);
setInterval(() => undefined, 1_000);
