// The standalone binary's entry: Node's single-executable applications run one CommonJS script, and this Node (22)
// cannot make it an ES module. So the build (scripts/build-binary.mjs) embeds package.json and dist/ as assets;
// on first start they are written, once per build, to $XDG_CACHE_HOME/driftwatch/<build id>/ (written to a temp
// folder and renamed, so two first starts cannot see half a copy), and the ES build is imported from there.
// bin/launch-environment.cjs prepares the launch as bin/driftwatch.js does; the build bundles it into this script.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {pathToFileURL} = require('node:url');
const sea = require('node:sea');

const args = process.argv.slice(2);
require('../bin/launch-environment.cjs').prepareLaunch(args);

const buildId = sea.getAsset('build-id', 'utf8');
const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const home = path.join(cacheHome, 'driftwatch', `binary-${buildId}`);
if (!fs.existsSync(path.join(home, 'dist', 'cli.js'))) extract();
if (process.env.DRIFTWATCH_DEBUG) process.setSourceMapsEnabled(true);
// The compile cache beside the extracted build: later starts skip compiling it.
require('node:module').enableCompileCache?.(path.join(home, 'compile-cache'));
import(pathToFileURL(path.join(home, 'dist', 'cli.js')).href).catch(error => {
	process.stderr.write(`driftwatch: ${error?.message}\n`);
	process.exitCode = 2;
});

function extract() {
	const files = JSON.parse(sea.getAsset('files.json', 'utf8'));
	fs.mkdirSync(path.dirname(home), {recursive: true});
	const temp = fs.mkdtempSync(`${home}.tmp-`);
	for (const file of files) {
		const target = path.join(temp, file);
		fs.mkdirSync(path.dirname(target), {recursive: true});
		fs.writeFileSync(target, new Uint8Array(sea.getRawAsset(file)));
	}
	try {
		fs.renameSync(temp, home);
	} catch (error) {
		// Another first start won the race: its copy is the same build.
		fs.rmSync(temp, {recursive: true, force: true});
		if (!fs.existsSync(path.join(home, 'dist', 'cli.js'))) throw error;
	}
}
