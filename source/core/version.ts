import {readFileSync} from 'node:fs';

/** driftwatch's own version (package.json), sent in the User-Agent so server logs and audit say who asked. */
export const driftwatchVersion: string = readVersion();

function readVersion(): string {
	try {
		const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: unknown};
		return typeof manifest.version === 'string' ? manifest.version : 'unknown';
	} catch {
		return 'unknown';
	}
}
