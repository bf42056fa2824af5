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
import {copyFile, readFile, rm} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
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

await rm(outdir, {recursive: true, force: true});
const started = performance.now();
const result = await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.tsx'},
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	sourcesContent: false,
	minifySyntax: true,
	minifyWhitespace: true,
	jsx: 'automatic',
	tsconfig: 'tsconfig.json',
	// react-devtools-core: Ink imports it only when DEV=true and the package is installed (it is not a dependency).
	external: ['react-devtools-core'],
	chunkNames: 'chunks/[name]-[hash]',
	define: {
		'process.env.DRIFTWATCH_BUILT_VERSION': JSON.stringify(packageJson.version),
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
	plugins: [wasmoonNamedExports, inkOutputInBundle],
	metafile: values.metafile !== undefined,
	logLevel: 'warning',
	legalComments: 'none',
});
// The worker thread's entry (source/core/work/worker.ts, started by source/core/util/off-thread.ts for large inputs)
// as one self-contained CommonJS file, dist/worker.cjs, importing only Node's built-ins: a worker shares no module
// graph with the chunks, and in the standalone binary it runs from the embedded text (a CommonJS string can be
// evaluated as a worker; the binary's module hooks do not reach workers, so an ES module could not import anything).
await build({
	absWorkingDir: root,
	entryPoints: ['source/core/work/worker.ts'],
	outfile: join(outdir, 'worker.cjs'),
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	sourcesContent: false,
	minifySyntax: true,
	minifyWhitespace: true,
	tsconfig: 'tsconfig.json',
	logLevel: 'warning',
	// off-thread.ts comes in with parse-yaml.ts; its import.meta (which starts the worker) is tree-shaken away here.
	logOverride: {'empty-import-meta': 'silent'},
	legalComments: 'none',
});
await copyFile(join(root, 'node_modules/wasmoon/dist/glue.wasm'), join(outdir, 'chunks/glue.wasm'));
if (values.metafile) {
	const {writeFile} = await import('node:fs/promises');
	await writeFile(values.metafile, JSON.stringify(result.metafile));
}
process.stderr.write(`built ${outdir} in ${Math.round(performance.now() - started)} ms\n`);
