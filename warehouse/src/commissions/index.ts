export { commissionEvents, type CommissionEvents, type CommissionPeriod, type LakeDeposit, type LakeReferral, type LakeReversal, type LakeRevenue } from "./gather.js";
