#!/usr/bin/env node
// Launcher. CommonJS (bin/package.json says so), in syntax any Node can parse (no ??=, no ?.), because its first
// job is to refuse an old one in one line before loading code that would die on it with a stack trace (undici, on
// Node 20). CommonJS also answers `--version` without starting Node's ES module loader (~5 ms of a 30 ms run).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	process.stderr.write(`driftwatch needs Node.js 22 or newer (found ${process.version}); or use the standalone binary\n`);
	process.exit(2);
}
const {existsSync, readFileSync} = require('node:fs');
const {join} = require('node:path');
const {pathToFileURL} = require('node:url');
const launch = require('./launch-environment.cjs');

const args = process.argv.slice(2);
const sources = join(__dirname, '../source/cli.tsx');
// In a clone (source/ beside bin/; the package ships only dist/) the sources run through tsx, so an edit is live
// and every test runs what is in the tree; DRIFTWATCH_BUILT=1 runs dist/ there instead (npm run build first).
// An installed package has no source/ and runs the build: no tsx, no TypeScript at run time.
const fromSources = existsSync(sources) && process.env.DRIFTWATCH_BUILT !== '1';
const built = join(__dirname, '../dist/cli.js');

if (!fromSources && !existsSync(built)) {
	process.stderr.write('driftwatch: dist/cli.js is missing: run npm run build\n');
	process.exit(2);
}
if (launch.versionRequested(args)) {
	// The build writes its version beside itself (dist/version.json); the sources' is the repository's package.json.
	const file = fromSources ? join(__dirname, '../package.json') : join(__dirname, '../dist/version.json');
	process.stdout.write(launch.versionLine(JSON.parse(readFileSync(file, 'utf8')).version));
} else {
	launch.prepareLaunch(args);
	start().catch(error => {
		const debug = process.env.DRIFTWATCH_DEBUG && error instanceof Error;
		process.stderr.write(debug ? `${error.stack}\n` : `driftwatch: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 2;
	});
}

async function start() {
	if (fromSources) {
		const {register} = await import('tsx/esm/api');
		// Our tsconfig, not one found from the user's working directory (JSX settings live there).
		register({tsconfig: join(__dirname, '../tsconfig.json')});
		await import(pathToFileURL(sources).href);
		return;
	}
	// Stack traces name the TypeScript sources (DRIFTWATCH_DEBUG prints them); reading the maps costs time otherwise.
	if (process.env.DRIFTWATCH_DEBUG) process.setSourceMapsEnabled(true);
	// V8 keeps the compiled bundle in Node's compile cache (under the temp dir, or NODE_COMPILE_CACHE): later starts
	// skip compiling megabytes of JavaScript. A cache that cannot be written is simply not used.
	const {enableCompileCache} = require('node:module');
	if (enableCompileCache) enableCompileCache();
	await import(pathToFileURL(built).href);
}
