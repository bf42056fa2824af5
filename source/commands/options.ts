// What the subcommands receive from the CLI flags.

export type ClusterFlags = {
	kubeconfig?: string | undefined;
	/** --context: one name, or several separated by commas (watched at once). */
	context?: string | undefined;
	/** --all-contexts: every context of the kubeconfig at once. */
	allContexts?: boolean | undefined;
	/** -n; undefined = all namespaces the user may list. */
	namespace?: string | undefined;
	/** --config: driftwatch.yaml with native apps; undefined = ./driftwatch.yaml, then $XDG_CONFIG_HOME/driftwatch/config.yaml. */
	config?: string | undefined;
	/**
	 * --timeout: give up after this long without progress (no response, page or compared object); undefined =
	 * 15 s for the cluster and 120 s for comparisons with Git.
	 */
	timeoutMs?: number | undefined;
};

export type DisplayFlags = {
	color: boolean;
	ascii: boolean;
};

/** ASCII glyphs unless the locale says UTF-8 (a bare C locale on a bastion cannot draw ✓). */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return /utf-?8/i.test(locale);
}

export function colorWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
	return flag && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

// One or more number+unit pairs, as kubectl and Go write durations: 90s, 2m, 1h, 1m30s, 500ms.
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** Milliseconds of a duration like "90s", "2m", "1h" or "1m30s"; null when it is not one (or is zero). */
export function parseDuration(text: string): number | null {
	const trimmed = text.trim();
	if (!DURATION.test(trimmed)) return null;
	let total = 0;
	for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * UNIT_MS[unit!]!;
	return total > 0 && Number.isFinite(total) ? Math.round(total) : null;
}

/** --timeout's value in ms, undefined when absent, or the one-line complaint (exit 2) when it is not a duration. */
export function timeoutFlag(value: string | undefined): {ms: number | undefined} | {error: string} {
	if (value === undefined) return {ms: undefined};
	const ms = parseDuration(value);
	if (ms === null) return {error: `--timeout wants a duration such as 90s, 2m or 1h, not "${value}"`};
	return {ms};
}

/**
 * meow reports an unknown flag over two lines; we want one line naming it,
 * so the CLI checks the arguments itself against the flags it declares.
 */
export function findUnknownFlag(argv: readonly string[], longFlags: readonly string[], shortFlags: readonly string[]): string | null {
	const kebab = new Set(
		longFlags.flatMap(name => {
			const dashed = name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
			return [dashed, `no-${dashed}`];
		}),
	);
	for (const token of argv) {
		if (token === '--') break;
		if (token.startsWith('--')) {
			const name = token.slice(2).split('=')[0]!;
			if (!kebab.has(name) && name !== 'help' && name !== 'version') return token;
		} else if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) {
			const letter = token[1]!;
			if (!shortFlags.includes(letter)) return token;
		}
	}
	return null;
}
