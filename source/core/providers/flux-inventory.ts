// Flux inventory ids: `<namespace>_<name>_<group>_<kind>`,
// core group and cluster scope as empty parts, ':' in names encoded as '__'.
// Namespaces, groups and kinds never contain '_', so split from both ends.

export type InventoryObject = {namespace: string; name: string; group: string; kind: string};

export function parseInventoryId(id: string): InventoryObject | null {
	const first = id.indexOf('_');
	const last = id.lastIndexOf('_');
	if (first < 0 || last <= first) return null;
	const middle = id.slice(first + 1, last);
	const groupStart = middle.lastIndexOf('_');
	if (groupStart < 0) return null;
	const name = middle.slice(0, groupStart).replaceAll('__', ':');
	const kind = id.slice(last + 1);
	if (name === '' || kind === '') return null;
	return {namespace: id.slice(0, first), name, group: middle.slice(groupStart + 1), kind};
}
