// The health checks a user adds to Argo CD: Lua scripts in the argocd-cm ConfigMap, one per group/Kind. Argo CD reads
// two spellings and merges them, the one-key-per-setting form applied over the block:
//   resource.customizations: |                      a YAML map keyed `group/Kind`; keys may be globs
//     cert-manager.io/Certificate:                  (`*.crossplane.io/*`), which only this form can spell,
//       health.lua: <script>                        because `*` is not allowed in a ConfigMap key
//       health.lua.useOpenLibs: true
//   resource.customizations.health.<group>_<Kind>: <script>       core kinds: just `<Kind>`; `all` means `*/*`
//   resource.customizations.useOpenLibs.<group>_<Kind>: "true"
// A malformed entry is skipped here; Argo CD instead refuses the whole ConfigMap until it is fixed.
import {parse} from 'yaml';

export type HealthCustomization = {
	/** `group/Kind`, `Kind` for the core group, or a glob over those. */
	key: string;
	script: string;
	useOpenLibs: boolean;
};

const blockKey = 'resource.customizations';

/** The health checks in argocd-cm's data, in the order Argo CD would meet them. */
export function parseHealthCustomizations(data: Readonly<Record<string, unknown>>): HealthCustomization[] {
	const entries = new Map<string, {script: string; useOpenLibs: boolean}>();
	const block = data[blockKey];
	if (typeof block === 'string' && block.trim() !== '') {
		for (const [key, settings] of blockEntries(block)) {
			const script = settings['health.lua'];
			const useOpenLibs = settings['health.lua.useOpenLibs'];
			entries.set(key, {script: typeof script === 'string' ? script : '', useOpenLibs: useOpenLibs === true});
		}
	}
	for (const [name, value] of Object.entries(data)) {
		if (!name.startsWith(`${blockKey}.`) || typeof value !== 'string') continue;
		const [type, groupKind] = splitOnce(name.slice(blockKey.length + 1), '.');
		if (groupKind === undefined || (type !== 'health' && type !== 'useOpenLibs')) continue;
		const key = overrideKey(groupKind);
		if (key === null) continue;
		const entry = entries.get(key) ?? {script: '', useOpenLibs: false};
		if (type === 'health') {
			entry.script = value;
		} else {
			const flag = parseGoBool(value);
			if (flag === null) continue;
			entry.useOpenLibs = flag;
		}
		entries.set(key, entry);
	}
	return [...entries].filter(([, entry]) => entry.script !== '').map(([key, entry]) => ({key, ...entry}));
}

/** The check for one kind: the exact `group/Kind` key first, then the first glob that matches it. */
export function findHealthCustomization(
	list: readonly HealthCustomization[],
	group: string,
	kind: string,
): HealthCustomization | undefined {
	const key = group === '' ? kind : `${group}/${kind}`;
	return list.find(entry => entry.key === key) ?? list.find(entry => globMatch(entry.key, key));
}

function blockEntries(block: string): Array<[string, Record<string, unknown>]> {
	let parsed: unknown;
	try {
		parsed = parse(block);
	} catch {
		return [];
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
	return Object.entries(parsed as Record<string, unknown>).flatMap(([key, settings]) =>
		settings !== null && typeof settings === 'object' && !Array.isArray(settings) ? [[key, settings as Record<string, unknown>]] : [],
	);
}

/** `cert-manager.io_Certificate` → `cert-manager.io/Certificate`; `Pod` stays `Pod`; `all` is every grouped kind. */
function overrideKey(groupKind: string): string | null {
	const parts = groupKind.split('_');
	if (parts.length === 2) return `${parts[0]}/${parts[1]}`;
	if (parts.length === 1 && groupKind !== '') return groupKind === 'all' ? '*/*' : groupKind;
	return null;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Go's strconv.ParseBool, which Argo CD uses for the useOpenLibs keys. */
function parseGoBool(value: string): boolean | null {
	if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
	if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
	return null;
}

const compiled = new Map<string, RegExp | null>();

/**
 * Glob match as Argo CD does it (no separators, so `*` also crosses `/`): `*`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, and
 * `\` to escape. A pattern that does not compile matches nothing.
 */
export function globMatch(pattern: string, text: string): boolean {
	let regex = compiled.get(pattern);
	if (regex === undefined) {
		const source = globSource(pattern);
		regex = source === null ? null : new RegExp(`^${source}$`, 's');
		if (compiled.size > 1000) compiled.clear();
		compiled.set(pattern, regex);
	}
	return regex?.test(text) ?? false;
}

function globSource(pattern: string): string | null {
	let out = '';
	let index = 0;
	/** Open `{` groups: inside one, `,` separates alternatives. */
	let depth = 0;
	while (index < pattern.length) {
		const char = pattern[index]!;
		index++;
		if (char === '\\') {
			if (index >= pattern.length) return null;
			out += escapeRegex(pattern[index]!);
			index++;
		} else if (char === '*') {
			while (pattern[index] === '*') index++;
			out += '.*';
		} else if (char === '?') {
			out += '.';
		} else if (char === '[') {
			const close = pattern.indexOf(']', index + 1);
			if (close === -1) return null;
			let body = pattern.slice(index, close);
			const negated = body.startsWith('!');
			if (negated) body = body.slice(1);
			if (body === '') return null;
			out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, match => `\\${match}`)}]`;
			index = close + 1;
		} else if (char === '{') {
			depth++;
			out += '(?:';
		} else if (char === '}' && depth > 0) {
			depth--;
			out += ')';
		} else if (char === ',' && depth > 0) {
			out += '|';
		} else {
			out += escapeRegex(char);
		}
	}
	return depth === 0 ? out : null;
}

function escapeRegex(char: string): string {
	return /[.*+?^${}()|[\]\\/-]/.test(char) ? `\\${char}` : char;
}
