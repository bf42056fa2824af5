export {computeDrift} from './compute-drift.js';
export {KIND_NOT_SERVED} from './kinds.js';
export {driftStatus, objectPathOf} from './status.js';
export type {DriftInput, DriftReport, DriftResource, DriftStatus} from './types.js';
