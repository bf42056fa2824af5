import {createHash} from 'node:crypto';
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';

/** `$XDG_CACHE_HOME/driftwatch/repos` (XDG: a relative XDG_CACHE_HOME is ignored), default ~/.cache. */
export function gitCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
	const xdg = env.XDG_CACHE_HOME;
	const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
	return join(base, 'driftwatch', 'repos');
}

/** One bare clone per URL; the URL is hashed so any URL (with credentials, odd characters) is a safe name. */
export function repoCacheDir(root: string, url: string): string {
	return join(root, `${createHash('sha256').update(url).digest('hex').slice(0, 24)}.git`);
}
