// Which kube contexts one driftwatch watches: `--context a,b,c`, `--all-contexts`, the config's `contexts:` list,
// or (the default) the kubeconfig's current context alone. Each is then its own session; see multi-context-monitor.
import {KubeConfigError} from './kubeconfig-file.js';

/** One entry of the config's `contexts:` list: a context name or glob pattern to watch, and its settings. */
export type ContextRule = {
	/** A context name, or a glob (`*` any run of characters, `?` one character). */
	pattern: string;
	readonly: boolean;
};

/** What of the config says which contexts are watched and which are read-only (native/config-types has the whole). */
type ContextConfig = {
	contexts: Readonly<Record<string, {readonly: boolean}>>;
	watchContexts: readonly ContextRule[] | null;
};

export type ContextSelectionRequest = {
	/** --context: one name, or several separated by commas; a name with `*` or `?` is a glob. */
	flag?: string | undefined;
	/** --all-contexts: every context of the kubeconfig, in its order. */
	all?: boolean | undefined;
	/** The config's `contexts:` list (names or globs), used when neither flag is given; null: none. */
	config?: Pick<ContextConfig, 'watchContexts'> | undefined;
};

/** A glob on context names (`*` any run of characters, `?` one character), as the production pattern is written. */
export function globMatches(pattern: string, name: string, ignoreCase = false): boolean {
	const source = [...pattern].map(char => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
	return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(name);
}

function isGlob(text: string): boolean {
	return text.includes('*') || text.includes('?');
}

/**
 * The contexts to watch, in order and without repeats: what the flag names, else every one, else the config's
 * list, else the current context alone. A name the kubeconfig lacks (or a glob matching none) is a KubeConfigError
 * naming it and the contexts there are; null from `current` (no current-context) says which flag to pass.
 */
export function selectContextNames(available: readonly string[], current: string | null, request: ContextSelectionRequest): string[] {
	const known = () => `(known: ${available.join(', ')})`;
	const resolve = (patterns: readonly string[], from: string): string[] => {
		const chosen: string[] = [];
		for (const pattern of patterns) {
			const matches = isGlob(pattern) ? available.filter(name => globMatches(pattern, name)) : available.filter(name => name === pattern);
			if (matches.length === 0) {
				const what = isGlob(pattern) ? `${from}pattern "${pattern}" matches no context` : `${from}unknown context "${pattern}"`;
				throw new KubeConfigError(`${what} ${known()}`);
			}
			for (const name of matches) if (!chosen.includes(name)) chosen.push(name);
		}
		return chosen;
	};
	if (request.flag !== undefined) {
		const names = request.flag
			.split(',')
			.map(name => name.trim())
			.filter(name => name !== '');
		if (names.length === 0) throw new KubeConfigError(`--context names no context ${known()}`);
		return resolve(names, '');
	}
	if (request.all) return [...available];
	const rules = request.config?.watchContexts;
	if (rules && rules.length > 0) {
		return resolve(
			rules.map(rule => rule.pattern),
			'config contexts: ',
		);
	}
	if (!current) throw new KubeConfigError('kubeconfig has no current-context: pass --context NAME');
	return [current];
}

/** No mutating action in this context: `readonly: true` on its entry in the config (the mapping or the list form). */
export function contextReadonly(config: ContextConfig, context: string): boolean {
	if (config.contexts[context]?.readonly === true) return true;
	return (config.watchContexts ?? []).some(
		rule => rule.readonly && (rule.pattern === context || (isGlob(rule.pattern) && globMatches(rule.pattern, context))),
	);
}
