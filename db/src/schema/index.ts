export * from "./auth";
export * from "./audit";
export * from "./keys";
export * from "./jobs";
export * from "./settings";
export * from "./alerts";
export * from "./notifications";
export * from "./commissions";
