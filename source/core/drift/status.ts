import type {ObjectRef} from '../diff/types.js';
import type {DriftResource, DriftStatus} from './types.js';

/** How people write an object: Kind/namespace/name, or Kind/name when cluster-scoped. */
export function objectPathOf(ref: ObjectRef): string {
	return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** One line per object that could not be compared, naming it. */
export function errorLines(resources: readonly DriftResource[]): string[] {
	return resources.filter(resource => resource.error !== null).map(resource => `${objectPathOf(resource.ref)}: ${resource.error}`);
}

/** Known drift wins over uncertainty: one drifted object makes the app OutOfSync even if another failed. */
export function driftStatus(resources: readonly DriftResource[], errors: readonly string[]): DriftStatus {
	if (resources.some(resource => resource.change !== 'unchanged')) return 'OutOfSync';
	if (errors.length > 0 || resources.some(resource => resource.error !== null)) return 'Unknown';
	return 'Synced';
}
