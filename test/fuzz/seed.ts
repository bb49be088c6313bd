/**
 * The seed of the fuzz suite. Fixed, so that CI is reproducible and a failure
 * replays; `EDGEFLOW_FUZZ_SEED=<n> npm test` explores other inputs.
 */
export const FUZZ_SEED = Number(process.env.EDGEFLOW_FUZZ_SEED ?? 20_240_611) >>> 0;
