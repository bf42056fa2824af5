import {statSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, isAbsolute, join, relative, resolve} from 'node:path';
import {ConfigError, defaultConfig, type DriftwatchConfig} from './config-types.js';
import {parseConfig} from './parse-config.js';
import {errorText} from '../util/error-text.js';

type LoadConfigOptions = {
	/** `--config PATH`: must exist. */
	path?: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
};

type LoadedConfig = {
	/** Absolute path of the file read, or null when none exists (defaults apply). */
	file: string | null;
	config: DriftwatchConfig;
};

/**
 * Reads the first config that exists: `--config PATH`, `./driftwatch.yaml`,
 * `$XDG_CONFIG_HOME/driftwatch/config.yaml` (default ~/.config).
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
	const cwd = options.cwd ?? process.cwd();
	const env = options.env ?? process.env;
	const home = env.HOME || homedir();
	const file = findConfigFile(options.path, cwd, env, home);
	if (!file) return {file: null, config: defaultConfig()};
	const shown = displayName(file, cwd);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new ConfigError(shown, null, `cannot read: ${(error as NodeJS.ErrnoException).code ?? errorText(error)}`);
	}
	return {file, config: parseConfig(text, {file: shown, baseDir: dirname(file), home})};
}

function findConfigFile(explicit: string | undefined, cwd: string, env: NodeJS.ProcessEnv, home: string): string | null {
	if (explicit !== undefined) {
		const file = resolve(cwd, explicit);
		const kind = fileKind(file);
		if (kind === 'missing') throw new ConfigError(displayName(file, cwd), null, 'config file not found');
		if (kind === 'directory') throw new ConfigError(displayName(file, cwd), null, 'is a directory, expected a YAML file');
		return file;
	}
	const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
	for (const candidate of [join(cwd, 'driftwatch.yaml'), join(xdg, 'driftwatch', 'config.yaml')]) {
		if (fileKind(candidate) === 'file') return candidate;
	}
	return null;
}

/**
 * Synchronous: a stat answers in microseconds, and an asynchronous one would start libuv's thread pool, which
 * every start (most with no config file at all) then waits for.
 */
function fileKind(path: string): 'file' | 'directory' | 'missing' {
	try {
		return statSync(path).isDirectory() ? 'directory' : 'file';
	} catch {
		return 'missing';
	}
}

/** Files under the cwd by their relative name (as the user typed it), others absolute. */
function displayName(file: string, cwd: string): string {
	const name = relative(cwd, file);
	return name !== '' && !name.startsWith('..') && !isAbsolute(name) ? name : file;
}
