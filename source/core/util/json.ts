// Safe readers for untyped Kubernetes JSON: a missing or mistyped field reads
// as empty, never as an exception, because the cluster may hold any shape.

export type JsonRecord = Record<string, unknown>;

export function record(value: unknown): JsonRecord | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

/** A nested record by path; null when any step is missing. */
export function at(value: unknown, ...path: string[]): JsonRecord | null {
	let current = record(value);
	for (const key of path) {
		if (current === null) return null;
		current = record(current[key]);
	}
	return current;
}

export function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** A string, or null when absent or empty (timestamps). */
export function optionalText(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

export function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function integer(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Condition messages can be 20 000+ characters; projections keep a bounded prefix. */
export const projectedMessageLimit = 1000;

export function clip(value: string, limit = projectedMessageLimit): string {
	return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
}

/** Distinct non-empty namespaces, sorted. */
export function distinctNamespaces(namespaces: readonly string[]): string[] {
	return [...new Set(namespaces.filter(namespace => namespace !== ''))].sort();
}
