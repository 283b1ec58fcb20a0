import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const JOB_STATES = ["waiting", "active", "completed", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    queue: text("queue").notNull(),
    name: text("name").notNull(),
    jobId: text("job_id").notNull(),
    businessKey: text("business_key"),
    state: text("state").$type<JobState>().notNull(),
    progress: integer("progress").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    data: jsonb("data"),
    result: jsonb("result"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("job_runs_queue_job_id_idx").on(t.queue, t.jobId),
    index("job_runs_created_at_idx").on(t.createdAt),
    index("job_runs_state_idx").on(t.state),
  ],
);

export type JobRun = typeof jobRuns.$inferSelect;
