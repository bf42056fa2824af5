import {refKey, refOf} from '../diff/drift-compare.js';
import type {KubeObject} from '../kube/resource-type.js';
import {objectPathOf} from './status.js';

/**
 * The desired objects with each identity once. Applying a set with a repeated object applies each in turn,
 * so the last definition is what ends up live; it is the one compared.
 */
export function uniqueDesired(desired: readonly KubeObject[]): {objects: KubeObject[]; warnings: string[]} {
	const byKey = new Map<string, {object: KubeObject; count: number}>();
	for (const object of desired) {
		const key = refKey(refOf(object));
		const seen = byKey.get(key);
		// Delete first so the object keeps the place of its last definition.
		byKey.delete(key);
		byKey.set(key, {object, count: (seen?.count ?? 0) + 1});
	}
	const warnings = [...byKey.values()]
		.filter(entry => entry.count > 1)
		.map(entry => `${objectPathOf(refOf(entry.object))} is defined ${entry.count} times in Git; the last definition is compared`);
	return {objects: [...byKey.values()].map(entry => entry.object), warnings};
}
