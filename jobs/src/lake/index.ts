import { defineJobsDomain } from "../domain";
import { compact } from "./compact";
import { lakeContract } from "./contract";

export const lakeJobs = defineJobsDomain({
  contract: lakeContract,
  processors: { compact },
  // the flusher writes a part per touched day every few seconds: ten minutes of them merge in
  // well under a second, while an hour's ~1,800 small files would slow queries over today
  schedules: [{ id: "lake-compact", pattern: "*/10 * * * *", tz: "UTC", job: () => ({ name: "compact", payload: {} }) }],
});
