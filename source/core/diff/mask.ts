import type {KubeObject} from '../kube/resource-type.js';
import {LAST_APPLIED_ANNOTATION} from './normalize.js';

const FIRST_MASK = '++++++++';
const MASK_STEP = '++++';

function isSecret(object: KubeObject | null): object is KubeObject {
	return object?.kind === 'Secret' && (object.apiVersion === undefined || object.apiVersion === 'v1');
}

/** data with stringData folded in as base64, as the API server stores it (stringData wins on a shared key). */
function effectiveData(secret: KubeObject): Record<string, string> {
	const data: Record<string, string> = {};
	const raw = secret.data;
	if (typeof raw === 'object' && raw !== null) {
		for (const [key, value] of Object.entries(raw)) data[key] = typeof value === 'string' ? value : '';
	}
	const stringData = secret.stringData;
	if (typeof stringData === 'object' && stringData !== null) {
		for (const [key, value] of Object.entries(stringData)) {
			data[key] = Buffer.from(typeof value === 'string' ? value : '', 'utf8').toString('base64');
		}
	}
	return data;
}

function withoutSecretValues(secret: KubeObject): KubeObject {
	const {stringData: _stringData, data: _data, ...rest} = secret;
	const annotations = secret.metadata?.annotations;
	if (!annotations || !(LAST_APPLIED_ANNOTATION in annotations)) return rest;
	// The client-side apply annotation holds the whole Secret, values included.
	const {[LAST_APPLIED_ANNOTATION]: _lastApplied, ...kept} = annotations;
	const metadata = {...secret.metadata};
	if (Object.keys(kept).length > 0) metadata.annotations = kept;
	else delete metadata.annotations;
	return {...rest, metadata};
}

/**
 * Masks Secret values on both sides at once (left live, right desired), as Argo CD's HideSecretData does: per
 * key, each distinct value gets a `+` run (8, then 12, 16…; desired side first), so equal values mask equally and a changed value shows as a changed
 * mask. Non-Secrets pass through. Must run before any text is produced from the objects.
 */
export function maskSecretPair(left: KubeObject | null, right: KubeObject | null): [KubeObject | null, KubeObject | null] {
	const sides = [left, right];
	const data = sides.map(side => (isSecret(side) ? effectiveData(side) : null));
	const keys = [...new Set(data.flatMap(values => (values ? Object.keys(values) : [])))].sort();
	const masked = data.map(values => (values ? ({} as Record<string, string>) : null));
	for (const key of keys) {
		const maskOf = new Map<string, string>();
		let next = FIRST_MASK;
		// Desired (right) is numbered first, then live, as Argo CD numbers target before live: the same pair of
		// values shows the same masks in both tools.
		for (const index of [1, 0]) {
			const values = data[index];
			const value = values?.[key];
			if (value === undefined) continue;
			let mask = maskOf.get(value);
			if (mask === undefined) {
				mask = next;
				next += MASK_STEP;
				maskOf.set(value, mask);
			}
			masked[index]![key] = mask;
		}
	}
	const result = sides.map((side, index) => {
		if (!isSecret(side)) return side;
		const out = withoutSecretValues(side);
		const values = masked[index]!;
		if (Object.keys(values).length > 0) out.data = values;
		return out;
	});
	return [result[0] ?? null, result[1] ?? null];
}
