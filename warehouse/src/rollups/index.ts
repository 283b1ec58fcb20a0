export { RollupCache } from "./cache.js";
export { rebuildRollups, RollupMaintainer, type RollupMaintainerOptions, type RollupRunResult } from "./maintain.js";
export { ROLLUP_FORMAT, rollupLayout, ZONED_ROLLUPS, type RollupLayout, type ZonedRollup } from "./layout.js";
export { checkZone, localDay, localDaysOfDt } from "./zone.js";
