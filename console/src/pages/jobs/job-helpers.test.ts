import { describe, expect, it } from "vitest";
import type { JobRun } from "../../api/types";
import { mergeJobRuns, type JobEvent } from "./job-helpers";

const run = (id: number, state: JobRun["state"], progress = 0) => ({ id, queue: "audit", name: "prune", jobId: `j${id}`, businessKey: null, state, progress }) as unknown as JobRun;

describe("mergeJobRuns", () => {
  it("lets stream updates win and puts unseen runs on top, newest first", () => {
    const rows = [run(2, "active", 40), run(1, "completed", 100)];
    const updates = new Map<number, JobEvent>([
      [2, { ...run(2, "completed", 100) } as unknown as JobEvent],
      [3, { ...run(3, "waiting") } as unknown as JobEvent],
      [4, { ...run(4, "active", 10) } as unknown as JobEvent],
    ]);
    const merged = mergeJobRuns(rows, updates);
    expect(merged.map((r) => [r.id, r.state, r.progress])).toEqual([
      [4, "active", 10],
      [3, "waiting", 0],
      [2, "completed", 100],
      [1, "completed", 100],
    ]);
  });
});
