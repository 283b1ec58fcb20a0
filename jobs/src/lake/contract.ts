import { z } from "zod";
import { defineJobsContract } from "../catalog";

export const LakeCompactPayload = z.object({
  dts: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"))
    .max(3_660)
    .optional()
    .describe("only these UTC days (default: every day with more than one Parquet part)"),
});
export type LakeCompactPayload = z.infer<typeof LakeCompactPayload>;

export const lakeContract = defineJobsContract({
  queue: "lake",
  jobs: {
    compact: {
      description: "Merge each day's small Parquet parts in the lake and drop duplicate event_ids",
      payload: LakeCompactPayload,
      manual: true,
    },
  },
  config: z.object({
    LAKE_DIR: z.string().min(1).optional().describe("the Parquet lake (compaction merges it, alert rules read their metrics there); default $DATA_DIR/lake"),
  }),
});
