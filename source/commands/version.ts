// `driftwatch version` / `--version`: driftwatch's version and the Node.js it runs on (the standalone binary embeds
// its own, so "which Node" is part of the answer).
import {readFileSync} from 'node:fs';
import {stdout} from './output.js';

/**
 * The build (scripts/build.mjs) writes the version in as a constant; run from the sources, it is read from the
 * package.json two folders up (source/commands/ → the repository).
 */
export function driftwatchVersion(): string {
	const built = process.env.DRIFTWATCH_BUILT_VERSION;
	if (built) return built;
	const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
	return packageJson.version;
}

export function versionLine(): string {
	return `driftwatch ${driftwatchVersion()} (Node.js ${process.version}, ${process.platform}-${process.arch})`;
}

export function runVersion(): number {
	stdout.lines([versionLine()]);
	return 0;
}
