import {normalizeTreePath} from '../git/revision.js';
import type {DesiredSource} from './types.js';

/** Identity of a render: the same commit, path and options always render the same objects. */
export function desiredRenderKey(source: DesiredSource, commit: string): string {
	return JSON.stringify([
		source.repoUrl,
		commit,
		normalizeTreePath(source.path),
		source.namespace,
		source.overrideNamespace === true,
		source.recurse !== false,
		source.helm ?? null,
	]);
}

/** Freezes a value and everything it holds, so a shared render cannot be changed by one of its readers. */
export function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
