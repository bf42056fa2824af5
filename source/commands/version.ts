// `driftwatch version` / `--version`: driftwatch's version and the Node.js it runs on (the standalone binary embeds
// its own, so "which Node" is part of the answer). Kept free of other imports: source/cli.tsx loads it first.
import {readFileSync} from 'node:fs';

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

/** `--version` or `version` and nothing else: the answer needs no parsing (with more words, main.ts decides). */
export function onlyVersionAsked(args: readonly string[]): boolean {
	return args.length === 1 && (args[0] === '--version' || args[0] === 'version');
}

export function runVersion(): number {
	// Plain ASCII from the package and Node itself: nothing to escape.
	process.stdout.write(`${versionLine()}\n`);
	return 0;
}
