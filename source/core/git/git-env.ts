import type {SimpleGit} from 'simple-git';

/** What driftwatch asks of git: run one command, resolve with its standard output (simple-git's `raw`). */
export type Git = {raw(args: string[]): Promise<string>};

/** simple-git, loaded on the first git command: most starts (status, the TUI on Argo CD and Flux apps) run none. */
let simpleGitModule: Promise<typeof import('simple-git')> | undefined;

/**
 * The user's own environment (SSH agent, credential helpers, proxies) made
 * non-interactive: a background poller must never wait on a prompt.
 */
export function gitEnvironment(base: NodeJS.ProcessEnv = process.env, stallSeconds = 120): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
	env.GIT_TERMINAL_PROMPT = '0';
	// Git Credential Manager's own switch for the same thing.
	env.GCM_INTERACTIVE = 'never';
	// ssh gives up on a host that does not answer, or stops answering, within the stall time too.
	const stall = Math.max(1, Math.ceil(stallSeconds));
	if (!env.GIT_SSH_COMMAND && !env.GIT_SSH) {
		// Four unanswered keepalives end the connection: within the stall time, and within a minute at most.
		const alive = Math.min(15, Math.ceil(stall / 4));
		env.GIT_SSH_COMMAND = `ssh -o BatchMode=yes -o ConnectTimeout=${Math.min(15, stall)} -o ServerAliveInterval=${alive} -o ServerAliveCountMax=4`;
	}
	// Git's own stall timeout for HTTP: killing `git` alone would leave its
	// remote-http helper waiting on a dead connection forever.
	if (!env.GIT_HTTP_LOW_SPEED_LIMIT && !env.GIT_HTTP_LOW_SPEED_TIME) {
		env.GIT_HTTP_LOW_SPEED_LIMIT = '1';
		env.GIT_HTTP_LOW_SPEED_TIME = String(stall);
	}
	// A GUI ssh askpass would pop up a window; GIT_ASKPASS stays (usually a token script).
	delete env.SSH_ASKPASS;
	env.SSH_ASKPASS_REQUIRE = 'never';
	// English messages, so errors can be classified.
	env.LC_ALL = 'C';
	return env;
}

// simple-git 4 strips or rejects these variables unless the matching `unsafe`
// flag is set. Here they are the user's own settings, not untrusted input.
const guardedKeys: Record<string, string> = {
	editor: 'allowUnsafeEditor',
	git_askpass: 'allowUnsafeAskPass',
	git_config_global: 'allowUnsafeConfigPaths',
	git_config_system: 'allowUnsafeConfigPaths',
	git_config_count: 'allowUnsafeConfigEnvCount',
	git_config_parameters: 'allowUnsafeConfigEnvCount',
	git_config: 'allowUnsafeConfigPaths',
	git_editor: 'allowUnsafeEditor',
	git_exec_path: 'allowUnsafeExec',
	git_external_diff: 'allowUnsafeDiffExternal',
	git_pager: 'allowUnsafePager',
	git_proxy_command: 'allowUnsafeGitProxy',
	git_template_dir: 'allowUnsafeTemplateDir',
	git_sequence_editor: 'allowUnsafeEditor',
	git_ssh: 'allowUnsafeSshCommand',
	git_ssh_command: 'allowUnsafeSshCommand',
	pager: 'allowUnsafePager',
	prefix: 'allowUnsafeConfigPaths',
	ssh_askpass: 'allowUnsafeAskPass',
	visual: 'allowUnsafeEditor',
};

/** A simple-git instance that runs in `baseDir` with exactly `env` (made on its first command). */
export function gitIn(baseDir: string, env: Record<string, string>, timeoutMs?: number): Git {
	const unsafe: Record<string, boolean> = {};
	for (const key of Object.keys(env)) {
		const flag = guardedKeys[key.toLowerCase()];
		if (flag) unsafe[flag] = true;
	}
	let instance: Promise<SimpleGit> | undefined;
	const git = () => {
		simpleGitModule ??= import('simple-git');
		instance ??= simpleGitModule.then(({simpleGit}) =>
			simpleGit({
				baseDir,
				allowEnvironment: Object.keys(env),
				unsafe,
				...(timeoutMs ? {timeout: {block: timeoutMs}} : {}),
			}).env(env),
		);
		// simple-git refuses a baseDir that does not exist yet: the next command tries again, as a new instance would.
		instance.catch(() => (instance = undefined));
		return instance;
	};
	return {raw: async args => (await git()).raw(args)};
}
