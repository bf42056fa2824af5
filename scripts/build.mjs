#!/usr/bin/env node
// Compiles source/ into dist/ (or --outdir DIR) with esbuild: what bin/driftwatch.js runs in an installed package.
//
// - ESM, code-split at the dynamic imports of source/cli.tsx, so a subcommand loads only its own chunk: `status`
//   never loads Ink, the TUI never the sandbox.
// - Dependencies are bundled, except wasmoon: the start of a CLI is mostly module loading, and one chunk reads
//   and compiles faster than hundreds of files under node_modules (the standalone binary needs one file anyway).
//   wasmoon stays external because it loads its glue.wasm from beside its own file, and only Lua health checks
//   load it.
// - CommonJS packages inside an ESM bundle call require() for Node's built-ins; the banner gives each chunk a real
//   require, so those calls work instead of throwing "Dynamic require ... is not supported".
import {readFile, rm} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {build} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({options: {outdir: {type: 'string', default: 'dist'}, metafile: {type: 'string'}}});
const outdir = values.outdir;
const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

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
	external: ['wasmoon', 'react-devtools-core'],
	chunkNames: 'chunks/[name]-[hash]',
	define: {
		'process.env.DRIFTWATCH_BUILT_VERSION': JSON.stringify(packageJson.version),
		// React and its reconciler ship a development build beside the production one and pick at run time;
		// fixing the choice here leaves the development build (1 MB, and slower) out of the bundle.
		'process.env.NODE_ENV': '"production"',
	},
	banner: {
		js: "import {createRequire as __driftwatchCreateRequire} from 'node:module'; const require = __driftwatchCreateRequire(import.meta.url);",
	},
	metafile: values.metafile !== undefined,
	logLevel: 'warning',
	legalComments: 'none',
});
if (values.metafile) {
	const {writeFile} = await import('node:fs/promises');
	await writeFile(values.metafile, JSON.stringify(result.metafile));
}
process.stderr.write(`built ${outdir}/ in ${Math.round(performance.now() - started)} ms\n`);
