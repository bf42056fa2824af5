#!/usr/bin/env node
// Launcher. Written for any Node that can parse an ES module (no ??=, no ?.), because its first job is to refuse an
// old one in one line before importing code that would die on it with a stack trace (undici, on Node 20).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	process.stderr.write(`driftwatch needs Node.js 22 or newer (found ${process.version}); or use the standalone binary\n`);
	process.exit(2);
}
const args = process.argv.slice(2);
// Built-ins and the prelude by require(): an import() of node:fs builds an ES module facade that reads every export,
// which loads the file streams nobody here uses, and an import() of a CommonJS file first scans its source for exports.
const {createRequire, enableCompileCache} = await import('node:module');
const require = createRequire(import.meta.url);
require('./launch-environment.cjs').prepareLaunch(args);
const {existsSync} = require('node:fs');
const sources = new URL('../source/cli.tsx', import.meta.url);
// In a clone (source/ beside bin/; the package ships only dist/) the sources run through tsx, so an edit is live
// and every test runs what is in the tree; DRIFTWATCH_BUILT=1 runs dist/ there instead (npm run build first).
// An installed package has no source/ and runs the build: no tsx, no TypeScript at run time.
if (existsSync(sources) && process.env.DRIFTWATCH_BUILT !== '1') {
	const {register} = await import('tsx/esm/api');
	// Our tsconfig, not one found from the user's working directory (JSX settings live there).
	const {fileURLToPath} = require('node:url');
	register({tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url))});
	await import(sources.href);
} else {
	const built = new URL('../dist/cli.js', import.meta.url);
	if (!existsSync(built)) {
		process.stderr.write('driftwatch: dist/cli.js is missing: run npm run build\n');
		process.exit(2);
	}
	// Stack traces name the TypeScript sources (DRIFTWATCH_DEBUG prints them); reading the maps costs time otherwise.
	if (process.env.DRIFTWATCH_DEBUG) process.setSourceMapsEnabled(true);
	// V8 keeps the compiled bundle in Node's compile cache (under the temp dir, or NODE_COMPILE_CACHE): later starts
	// skip compiling megabytes of JavaScript. A cache that cannot be written is simply not used.
	if (enableCompileCache) enableCompileCache();
	await import(built.href);
}
