// The standalone binary's entry: Node's single-executable applications run one CommonJS script, and this Node (22)
// cannot make it an ES module. The build (scripts/build-binary.mjs) embeds dist/ as assets of the executable, and
// this script runs the ES build straight from them: the program is never written out, the binary stays one file.
//
// Each embedded file gets a file: URL under the executable's own path (/usr/local/bin/driftwatch/dist/cli.js):
// the executable is a regular file, so nothing real can ever exist below it, and import.meta.url stays a file URL
// for the code that derives file names from it. module.registerHooks (synchronous, in this thread) resolves
// relative imports between those URLs and loads their source from the assets; everything else (node: built-ins)
// goes to Node's own resolution. Two reads bypass the module loader: wasmoon reads glue.wasm with
// fs.readFileSync from beside its chunk, and meow reads package.json found above its chunk (statSync, then
// readFileSync). fs answers exactly those embedded paths from the assets; any other path is fs's own.
// bin/launch-environment.cjs prepares the launch as bin/driftwatch.js does; the build bundles it into this script.
const fs = require('node:fs');
const path = require('node:path');
const {enableCompileCache, registerHooks} = require('node:module');
const {fileURLToPath, pathToFileURL} = require('node:url');
const sea = require('node:sea');

const launch = require('../bin/launch-environment.cjs');

const args = process.argv.slice(2);
if (launch.versionRequested(args)) {
	process.stdout.write(launch.versionLine(JSON.parse(sea.getAsset('dist/version.json', 'utf8')).version));
	process.exit(0);
}
launch.prepareLaunch(args);

/** The embedded files by name (dist/chunks/tui-X.js), which is also each one's asset key. */
const embedded = new Set(JSON.parse(sea.getAsset('files.json', 'utf8')));
const root = process.execPath;
const rootUrl = `${pathToFileURL(root).href}/`;
const debug = Boolean(process.env.DRIFTWATCH_DEBUG);

/** The embedded file an absolute path names, or undefined. */
function embeddedName(file) {
	if (!file.startsWith(`${root}${path.sep}`)) return undefined;
	const name = file
		.slice(root.length + 1)
		.split(path.sep)
		.join('/');
	return embedded.has(name) ? name : undefined;
}

registerHooks({
	resolve(specifier, context, nextResolve) {
		let url;
		if (specifier.startsWith(rootUrl)) url = specifier;
		else if (context.parentURL?.startsWith(rootUrl) && /^\.{1,2}\//.test(specifier)) url = new URL(specifier, context.parentURL).href;
		if (url !== undefined && embeddedName(fileURLToPath(url)) !== undefined) return {url, format: 'module', shortCircuit: true};
		return nextResolve(specifier, context);
	},
	load(url, context, nextLoad) {
		const name = url.startsWith(rootUrl) ? embeddedName(fileURLToPath(url)) : undefined;
		if (name === undefined) return nextLoad(url, context);
		let source = sea.getAsset(name, 'utf8');
		// With DRIFTWATCH_DEBUG, stack traces name the TypeScript sources: the chunk's map, embedded too, goes
		// inline (the map file beside it exists only as an asset, which Node's source-map reader does not see).
		if (debug && embedded.has(`${name}.map`)) {
			const map = Buffer.from(sea.getRawAsset(`${name}.map`)).toString('base64');
			source = source.replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=data:application/json;base64,${map}\n`);
		}
		return {format: 'module', source, shortCircuit: true};
	},
});

/** The embedded file an fs call's path argument (a path, relative to the working folder, or a file: URL) names. */
function embeddedFile(file) {
	if (typeof file === 'string') return embeddedName(path.resolve(file));
	if (file instanceof URL && file.protocol === 'file:') return embeddedName(fileURLToPath(file));
	return undefined;
}

const {readFileSync, statSync} = fs;
fs.readFileSync = function readEmbeddedFileSync(file, options) {
	const name = embeddedFile(file);
	if (name === undefined) return readFileSync.call(this, file, options);
	const bytes = Buffer.from(sea.getAsset(name));
	const encoding = typeof options === 'string' ? options : options?.encoding;
	return encoding ? bytes.toString(encoding) : bytes;
};
fs.statSync = function statEmbeddedFileSync(file, options) {
	// The executable's own stats: a regular file, which is what the embedded file is.
	return statSync.call(this, embeddedFile(file) === undefined ? file : root, options);
};

if (debug) process.setSourceMapsEnabled(true);
// V8's compiled code for these modules, kept by Node in $TMPDIR/node-compile-cache (NODE_COMPILE_CACHE moves it,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off), as bin/driftwatch.js does for the package: later starts skip
// compiling megabytes of JavaScript (~10 % of `status`'s CPU). Compiled code only, checked against the embedded
// source before use; the program itself is never written out. A cache that cannot be written is not used.
enableCompileCache();
import(`${rootUrl}dist/cli.js`).catch(error => {
	process.stderr.write(`driftwatch: ${error?.message}\n`);
	process.exitCode = 2;
});
