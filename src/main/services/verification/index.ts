export {
  cachedVerdicts,
  cachedVerdictsOps,
  verifyRows,
  verifyRowsOn,
  type VerifyDeps,
  type VerifyOptions,
  type VerifyOutcome,
} from './verify-rows';
export { isBankRow, verdictFor } from './verdict';
export { summarise } from './summary';
export { refusalReason, VERIFICATION_ID_PREFIX } from './check-account';
