import { defineJobsDomain } from "../domain";
import { alertsContract } from "./contract";
import { evaluate } from "./evaluate";
import { sendTest } from "./send-test";

export const alertsJobs = defineJobsDomain({
  contract: alertsContract,
  processors: { evaluate, "send-test": sendTest },
  // rules are judged once a minute: the smallest `for` an operator can set
  schedules: [{ id: "alerts-evaluate", pattern: "* * * * *", tz: "UTC", job: () => ({ name: "evaluate", payload: {} }) }],
  // evaluate reads metric series and the firing context from the lake
  services: ["alerts"],
});
