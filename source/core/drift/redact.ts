import type {KubeObject} from '../kube/resource-type.js';

const REDACTED = '********';
// Shorter values would turn every message into mush if replaced, and are not worth hiding word by word:
// a message is dropped whole instead when a Secret holds one (see redactSecretValues).
const MIN_REPLACED_LENGTH = 3;

function stringsOf(value: unknown): string[] {
	if (typeof value !== 'object' || value === null) return [];
	return Object.values(value).filter((item): item is string => typeof item === 'string' && item !== '');
}

/** Every form a Secret's values could take in a message: as stored (base64), decoded, and stringData both ways. */
export function secretValuesOf(objects: ReadonlyArray<KubeObject | null | undefined>): string[] {
	const values = new Set<string>();
	for (const object of objects) {
		if (object?.kind !== 'Secret') continue;
		for (const encoded of stringsOf(object.data)) {
			values.add(encoded);
			values.add(Buffer.from(encoded, 'base64').toString('utf8'));
		}
		for (const plain of stringsOf(object.stringData)) {
			values.add(plain);
			values.add(Buffer.from(plain, 'utf8').toString('base64'));
		}
	}
	values.delete('');
	return [...values];
}

/**
 * A server message with every Secret value in it replaced; when a value is too short to replace safely and the
 * message contains it, only `fallback` (which must hold no server text) is returned.
 */
export function redactSecretValues(message: string, values: readonly string[], fallback: string): string {
	let redacted = message;
	// Longest first, so a value that contains another is replaced whole.
	for (const value of [...values].sort((a, b) => b.length - a.length)) {
		if (value.length >= MIN_REPLACED_LENGTH) redacted = redacted.split(value).join(REDACTED);
		else if (redacted.includes(value)) return fallback;
	}
	return redacted;
}
