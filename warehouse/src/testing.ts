/**
 * @ist/warehouse/testing: the warehouse's test helpers for other packages' tests (Vitest only:
 * they register hooks). Temp lakes, hand-built lakes with rollups, the metric tests' small world.
 */
export { row, useTempLake } from "./test-support/lake.js";
export { MODES, useTestLake, writeTestLake, type Mode, type TestEvent, type TestUser } from "./metrics/test-support/lake.js";
export { NOW, WEEK, WORLD, WORLD_USERS } from "./metrics/test-support/world.js";
export { ev, flushBatches } from "./rollups/test-support/lakes.js";
