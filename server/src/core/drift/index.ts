/** Drift: a topology against what the servers hold (export documents or verification output). */
export { drift, type DriftResult } from './drift';
export { DRIFT_CODES, DRIFT_EXTRA, DRIFT_MISSING, DRIFT_PROPERTY } from './driftFinding';
export {
  driftFromVerification,
  isVerificationOutput,
  readVerificationResults,
  type VerificationResult,
} from './verification';
