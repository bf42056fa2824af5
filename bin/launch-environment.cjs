// What both launchers do before the program is imported: bin/driftwatch.js, and the standalone binary's
// scripts/sea-main.cjs (the build bundles this file into it). CommonJS and plain syntax, so that the binary's
// CommonJS main can hold it and any Node that parses a module can run it.

/** Colour and mode are fixed before chalk/Ink are imported: they read the environment once, at import time. */
function prepareLaunch(args) {
	if ((process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') || args.includes('--no-color')) {
		process.env.FORCE_COLOR = '0';
	}
	if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
	// The demo loads the UI and seeds a sandbox before its first frame: say at once that it is starting
	// (plain ASCII on the normal screen, before anything is loaded; it stays above the shell prompt after exit).
	if (
		args[0] === 'demo' &&
		args.slice(1).every(arg => ['--ascii', '--color', '--no-color', '--readonly'].includes(arg)) &&
		process.stdout.isTTY
	) {
		process.stdout.write('driftwatch demo: starting the sandbox...\n');
	}
}

/** `--version` or `version` and nothing else: answered by the launcher, before any ES module is loaded. */
function versionRequested(args) {
	return args.length === 1 && (args[0] === '--version' || args[0] === 'version');
}

/**
 * driftwatch's version and the Node.js it runs on (the standalone binary embeds its own, so "which Node" is part
 * of the answer). The same line as source/commands/version.ts writes for `driftwatch status --version`.
 */
function versionLine(version) {
	return `driftwatch ${version} (Node.js ${process.version}, ${process.platform}-${process.arch})\n`;
}

module.exports = {prepareLaunch, versionRequested, versionLine};
