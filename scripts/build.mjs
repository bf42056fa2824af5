#!/usr/bin/env node
// Compiles source/ into dist/ (or --outdir DIR) with esbuild: what bin/driftwatch.js runs in an installed package.
//
// - ESM, code-split at the dynamic imports of source/cli.tsx and source/commands/main.ts, so a subcommand loads only its own chunk: `status`
//   never loads Ink, the TUI never the sandbox.
// - Dependencies are bundled: the start of a CLI is mostly module loading, and one chunk reads and compiles faster
//   than hundreds of files under node_modules; the package then has no runtime dependencies to fetch, so it
//   installs offline, and the standalone binary needs one bundle anyway.
// - CommonJS packages inside an ESM bundle call require() for Node's built-ins and read __filename; the banner
//   gives each chunk a real require and its own file name, so those work instead of throwing.
// - wasmoon (Lua health checks) loads glue.wasm from beside its own file, which is now the chunk it is bundled
//   into under dist/chunks/: the build copies glue.wasm there. It is CommonJS, and esbuild hands a dynamic
//   import() of a CommonJS module in a split build only {default}, where Node gives its named exports too
//   (`const {LuaFactory} = await import('wasmoon')`): a small ESM module in between names LuaFactory.
// - Node's built-ins are require()d, not imported (see builtinsByRequire), meow reads and normalises no
//   package.json (see meowWithoutPackageReader), Yoga decodes its WebAssembly without fetch() (see
//   yogaWithoutFetch), and Ink measures the UI's glyphs without Intl.Segmenter (see stringWidthGlyphs): each cost
//   every start and bought nothing.
import {copyFile, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire, isBuiltin} from 'node:module';
import {join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {build} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({options: {outdir: {type: 'string'}, metafile: {type: 'string'}}});
// --outdir is taken from the caller's working directory; the default is the repository's dist/.
const outdir = values.outdir === undefined ? join(root, 'dist') : resolve(values.outdir);
const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/** `import('wasmoon')` from the sources resolves to an ESM module that re-exports what they use by name. */
const wasmoonNamedExports = {
	name: 'wasmoon-named-exports',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^wasmoon$/}, args =>
			args.namespace === 'wasmoon-esm' ? undefined : {path: 'wasmoon', namespace: 'wasmoon-esm'},
		);
		pluginBuild.onLoad({filter: /.*/, namespace: 'wasmoon-esm'}, () => ({
			contents: "import * as wasmoon from 'wasmoon'; export const LuaFactory = wasmoon.LuaFactory;",
			resolveDir: root,
		}));
	},
};

/**
 * source/ui/terminal/ink-output.ts finds Ink's Output class beside Ink's index at run time; in the bundle that must be
 * the copy the bundled Ink draws with, so the module becomes a static import of that file (one module, one class).
 */
const inkOutputInBundle = {
	name: 'ink-output-in-bundle',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: /[\\/]source[\\/]ui[\\/]terminal[\\/]ink-output\.ts$/}, () => ({
			contents: `import * as output from ${JSON.stringify(join(root, 'node_modules/ink/build/output.js'))}; export function importInkOutput() { return Promise.resolve(output); }`,
			loader: 'js',
			resolveDir: root,
		}));
	},
};

/**
 * Ink measures each text with string-width, which takes anything beyond printable ASCII through Intl.Segmenter and
 * Unicode property regexes; their first use costs ~15-30 ms (ICU's break data, the RGI_Emoji set), paid by the TUI's
 * first frame for a "·" or "…" in the header. The glyphs driftwatch's UI draws (the non-ASCII characters in
 * source/ui) that string-width itself measures as one column each, and that never join a neighbour in one grapheme
 * (no marks, joiners, selectors or format characters; symbols only), get the fast path printable ASCII has: a text of
 * them and ASCII is as wide as it is long, which is what the slow path finds for it. Checked against each copy of
 * string-width at build time; a copy without the expected ASCII fast path is left as it is (a warning).
 */
const stringWidthGlyphs = {
	name: 'string-width-glyphs',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const asciiFastPath = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}';
			if (source.split(asciiFastPath).length !== 2 || !source.includes('ambiguousIsNarrow = true,')) {
				return {contents: source, loader: 'js', warnings: [{text: `${args.path}: no ASCII fast path found; UI glyphs take the slow path`}]};
			}
			const {default: stringWidth} = await import(pathToFileURL(args.path).href);
			const glyphs = [...(await uiCharacters())].filter(glyph => {
				const code = glyph.codePointAt(0);
				const symbolBlock = (code >= 0xa1 && code <= 0xff) || (code >= 0x2010 && code <= 0x2bff);
				return symbolBlock && !/[\p{M}\p{C}\p{Z}]/u.test(glyph) && stringWidth(glyph) === 1;
			});
			const set = glyphs.map(glyph => `\\u${glyph.codePointAt(0).toString(16).padStart(4, '0')}`).join('');
			const glyphFastPath = `${asciiFastPath}\n\t// driftwatch's build: its UI glyphs, each one column and a grapheme of its own (scripts/build.mjs).\n\tif (ambiguousIsNarrow && /^[\\u0020-\\u007E${set}]*$/.test(string)) {\n\t\treturn string.length;\n\t}`;
			return {contents: source.replace(asciiFastPath, glyphFastPath), loader: 'js'};
		});
	},
};

/** Every character beyond ASCII in source/ui (the glyphs the UI draws, among others). */
async function uiCharacters() {
	const characters = new Set();
	const files = await readdir(join(root, 'source/ui'), {recursive: true});
	for (const file of files.filter(name => /\.tsx?$/.test(name))) {
		for (const character of await readFile(join(root, 'source/ui', file), 'utf8')) {
			if (character.codePointAt(0) > 0x7e) characters.add(character);
		}
	}
	return characters;
}

const requireHere = createRequire(import.meta.url);

/**
 * A static import of a Node built-in becomes a module that require()s it (each chunk's banner makes a require). An
 * ES module import of a built-in goes through the facade Node builds for it, which reads every export once, getters
 * included: node:http's WebSocket and fetch getters then load undici (~30 ms), node:fs's ReadStream getter its
 * streams, on every start, for exports nothing here uses; require() hands over the module object and runs no
 * getter. The module exports the built-in's plain values by name (what Node exports, less its lazy getters), read
 * once, so importers need no interop copy of the whole module either (esbuild's for a CommonJS one).
 * Static imports only: esbuild gives a dynamic import() of a CommonJS module only {default} in a split build.
 */
const builtinsByRequire = {
	name: 'builtins-by-require',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^(node:)?[a-z_/0-9]+$/}, args => {
			if (args.kind !== 'import-statement' || !isBuiltin(args.path)) return undefined;
			return {path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: 'builtin-require'};
		});
		pluginBuild.onLoad({filter: /.*/, namespace: 'builtin-require'}, args => {
			if (loadedOnFirstCall.has(args.path)) return {contents: lazyBuiltin(args.path), loader: 'js'};
			const descriptors = Object.getOwnPropertyDescriptors(requireHere(args.path));
			const names = Object.keys(descriptors).filter(name => 'value' in descriptors[name] && isBindingName(name));
			// Each under a local name of its own: a top-level `URL` would shadow the global the chunk banner uses.
			const exports = names.map(name => `const builtin_${name} = builtin.${name}; export {builtin_${name} as ${name}};`).join('\n');
			return {contents: `const builtin = require(${JSON.stringify(args.path)});\nexport default builtin;\n${exports}`, loader: 'js'};
		});
	},
};

/**
 * Built-ins loaded on the first call instead of with the chunk that imports them: starting a process or a thread is
 * what few runs do (a Git app, an exec credential plugin, a large manifest), and loading node:child_process costs
 * ~9 ms and node:worker_threads ~5 ms of every `status` otherwise. Each export is a function that requires the module
 * and calls through (`new` included: a function returning an object hands that object to `new`). Only functions are
 * exported (the default export is an object of the same functions): an import of anything else fails the build
 * instead of loading eagerly.
 */
const loadedOnFirstCall = new Set(['node:child_process', 'node:worker_threads']);

function lazyBuiltin(path) {
	const module = requireHere(path);
	const names = Object.keys(module).filter(name => typeof module[name] === 'function' && isBindingName(name));
	const wrappers = names.map(
		name =>
			`function builtin_${name}(...args) { const target = load().${name}; return new.target ? new target(...args) : target.apply(this, args); }\nexport {builtin_${name} as ${name}};`,
	);
	const namespace = `export default {${names.map(name => `${name}: builtin_${name}`).join(', ')}};`;
	return [`let builtin;`, `const load = () => (builtin ??= require(${JSON.stringify(path)}));`, ...wrappers, namespace].join('\n');
}

/** A name `export const NAME` can declare. */
function isBindingName(name) {
	if (name === 'default' || !/^[A-Za-z_$][\w$]*$/.test(name)) return false;
	try {
		new Function(`let ${name};`);
		return true;
	} catch {
		return false;
	}
}

/**
 * meow's bundled dependencies evaluate normalize-package-data (and the spdx licence tables it sorts) when the module
 * loads, ~20 ms of every start, to normalise a package.json that meow reads itself only when it is not given one.
 * driftwatch always gives it one (`pkg`, the package's metadata written in at build time) and never reads `cli.pkg`,
 * so the package.json reader and normaliser are replaced by what they return for that case and left out of the
 * bundle (with the file search, the JSON error framing and the licence tables they use: ~150 KB less to load).
 * The build fails if meow changed.
 */
const meowWithoutPackageReader = {
	name: 'meow-without-package-reader',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const start = source.indexOf('var normalizeExports = requireNormalize();\n');
			const end = source.indexOf('const handlePreserveConsecutiveUppercase = ');
			const reader = start === -1 || end < start ? '' : source.slice(start, end);
			if (!reader.includes('function readPackageUpSync(options) {') || !reader.includes('promisify(execFile);')) {
				throw new Error(`${args.path}: meow changed; update meowWithoutPackageReader in scripts/build.mjs`);
			}
			const given = [
				'// driftwatch gives meow its package metadata: nothing reads a package.json, nothing normalises one.',
				'const normalizePackageData = packageJson => packageJson;',
				'function readPackageUpSync() { return undefined; }',
				'',
			].join('\n');
			return {contents: source.slice(0, start) + given + source.slice(end), loader: 'js'};
		});
	},
};

/**
 * Yoga (Ink's layout engine) carries its WebAssembly as a base64 data: URL, and its Emscripten loader reads it
 * through fetch() whenever fetch exists, as it does in Node: the first fetch() loads undici (~30 ms before the TUI's
 * first frame) to read a string already in memory. It decodes the string itself where fetch is missing; that path
 * is taken always. The build fails if yoga-layout changed.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(pluginBuild) {
		pluginBuild.onLoad({filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const viaFetch = 'return w||"function"!=typeof fetch?Promise.resolve()';
			if (source.split(viaFetch).length !== 2)
				throw new Error(`${args.path}: yoga-layout changed; update yogaWithoutFetch in scripts/build.mjs`);
			return {contents: source.replace(viaFetch, 'return true?Promise.resolve()'), loader: 'js'};
		});
	},
};

// What the CLI's chunks and the worker file are both built with: bundled, minified Node 22 code with linked source maps.
/** @type {import('esbuild').BuildOptions} */
const nodeBundle = {
	absWorkingDir: root,
	bundle: true,
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	sourcesContent: false,
	minifySyntax: true,
	minifyWhitespace: true,
	tsconfig: 'tsconfig.json',
	logLevel: 'warning',
	legalComments: 'none',
};

await rm(outdir, {recursive: true, force: true});
const started = performance.now();
const result = await build({
	...nodeBundle,
	entryPoints: {cli: 'source/cli.tsx'},
	outdir,
	splitting: true,
	format: 'esm',
	jsx: 'automatic',
	// react-devtools-core: Ink imports it only when DEV=true and the package is installed (it is not a dependency).
	external: ['react-devtools-core'],
	chunkNames: 'chunks/[name]-[hash]',
	define: {
		'process.env.DRIFTWATCH_BUILT_VERSION': JSON.stringify(packageJson.version),
		'process.env.DRIFTWATCH_BUILT_DESCRIPTION': JSON.stringify(packageJson.description),
		// React and its reconciler ship a development build beside the production one and pick at run time;
		// fixing the choice here leaves the development build (1 MB, and slower) out of the bundle.
		'process.env.NODE_ENV': '"production"',
		__filename: '__driftwatchChunkFile',
		__dirname: '__driftwatchChunkDirectory',
	},
	banner: {
		js: [
			"import {createRequire as __driftwatchCreateRequire} from 'node:module';",
			"import {fileURLToPath as __driftwatchFilePath} from 'node:url';",
			'const require = __driftwatchCreateRequire(import.meta.url);',
			'const __driftwatchChunkFile = __driftwatchFilePath(import.meta.url);',
			"const __driftwatchChunkDirectory = __driftwatchFilePath(new URL('.', import.meta.url));",
		].join(' '),
	},
	plugins: [wasmoonNamedExports, inkOutputInBundle, builtinsByRequire, meowWithoutPackageReader, yogaWithoutFetch, stringWidthGlyphs],
	metafile: values.metafile !== undefined,
});
// The worker thread's entry (source/core/work/worker.ts, started by source/core/util/off-thread.ts for large inputs)
// as one self-contained CommonJS file, dist/worker.cjs, importing only Node's built-ins: a worker shares no module
// graph with the chunks, and in the standalone binary it runs from the embedded text (a CommonJS string can be
// evaluated as a worker; the binary's module hooks do not reach workers, so an ES module could not import anything).
await build({
	...nodeBundle,
	entryPoints: ['source/core/work/worker.ts'],
	outfile: join(outdir, 'worker.cjs'),
	format: 'cjs',
	// off-thread.ts comes in with parse-yaml.ts; its import.meta (which starts the worker) is tree-shaken away here.
	logOverride: {'empty-import-meta': 'silent'},
});
await copyFile(join(root, 'node_modules/wasmoon/dist/glue.wasm'), join(outdir, 'chunks/glue.wasm'));
// The launchers answer `--version` from this, before loading any of the bundle (bin/driftwatch.js, scripts/sea-main.cjs).
await writeFile(join(outdir, 'version.json'), `${JSON.stringify({version: packageJson.version})}\n`);
if (values.metafile) {
	await writeFile(values.metafile, JSON.stringify(result.metafile));
}
process.stderr.write(`built ${outdir} in ${Math.round(performance.now() - started)} ms\n`);
