// The driftwatch config file: native apps (GitOps without a controller) and
// per-context settings.
import type {NotifyMode} from '../notify/terminal-signals.js';
import type {ContextRule} from '../kube/context-selection.js';

export type {ContextRule};

/** One app driftwatch deploys from Git itself (provider 'git', kind Git). */
export type NativeAppConfig = {
	name: string;
	/** A remote URL (https, ssh, scp-like host:path, file://) or an absolute local path. */
	repo: string;
	branch: string;
	/** Repository-relative directory, normalized ('.' for the root). */
	path: string;
	namespace: string;
	/** Kube context; null = the current context. */
	context: string | null;
	/** Delete objects that left Git (default false). */
	prune: boolean;
	/** Line of the app's entry in the config file, for later messages. */
	line: number;
};

export type ContextSettings = {
	/** No mutating actions in this context. */
	readonly: boolean;
};

export type DriftwatchConfig = {
	apps: NativeAppConfig[];
	/** git fetch interval (default 60). */
	gitPollSeconds: number;
	/** A git fetch silent this long is ended; the apps of that repository say so (default 20). */
	gitTimeoutSeconds: number;
	contexts: Record<string, ContextSettings>;
	/**
	 * `contexts:` written as a list: the contexts to watch together, in this order, each a name or a glob with
	 * optional `readonly: true`. null when the config names no list (absent, or the mapping form, which only sets
	 * settings): then one context is watched, as the command line says.
	 */
	watchContexts: ContextRule[] | null;
	/** Glob on context names that marks production (default '*prod*'). */
	prodPattern: string;
	/** How the TUI tells an app turned Degraded or OutOfSync: the bell (default), the bell and a desktop notification, or not at all. */
	notify: NotifyMode;
};

export function defaultConfig(): DriftwatchConfig {
	return {apps: [], gitPollSeconds: 60, gitTimeoutSeconds: 20, contexts: {}, watchContexts: null, prodPattern: '*prod*', notify: 'bell'};
}

/** A problem in the config file, in one line: `driftwatch.yaml:7: apps[1].branch must be a string`. */
export class ConfigError extends Error {
	constructor(
		readonly file: string,
		readonly line: number | null,
		readonly problem: string,
	) {
		super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
		this.name = 'ConfigError';
	}
}
