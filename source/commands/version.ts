// `driftwatch version` / `--version`: driftwatch's version and the Node.js it runs on (the standalone binary embeds
// its own, so "which Node" is part of the answer). The launchers answer a bare `--version` themselves, with the same line
// (bin/launch-environment.cjs); this answers it when it comes with other words (`status --version`).
import {readFileSync} from 'node:fs';

/** What meow would read from package.json: the help text starts with the description. */
export type PackageMetadata = {name: string; version: string; description: string};

/**
 * The build (scripts/build.mjs) writes the version and description in as constants; run from the sources, they are
 * read from the package.json two folders up (source/commands/ → the repository). Either way nothing searches the
 * file system for a package.json at run time.
 */
export function packageMetadata(): PackageMetadata {
	const version = process.env.DRIFTWATCH_BUILT_VERSION;
	const description = process.env.DRIFTWATCH_BUILT_DESCRIPTION;
	if (version && description !== undefined) return {name: 'driftwatch', version, description};
	const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageMetadata;
	return {name: packageJson.name, version: packageJson.version, description: packageJson.description};
}

export function driftwatchVersion(): string {
	return process.env.DRIFTWATCH_BUILT_VERSION || packageMetadata().version;
}

export function versionLine(): string {
	return `driftwatch ${driftwatchVersion()} (Node.js ${process.version}, ${process.platform}-${process.arch})`;
}

export function runVersion(): number {
	// Plain ASCII from the package and Node itself: nothing to escape.
	process.stdout.write(`${versionLine()}\n`);
	return 0;
}
