import { defineApiDomain } from "../../domain";
import { commissionsCommands } from "./commissions.cli";

/** Finance: partners, commission plans, settlements; `ist commissions settle`. */
export const finance = defineApiDomain({
  name: "finance",
  cli: commissionsCommands,
});
