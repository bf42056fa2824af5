// The built driftwatch (scripts/build.mjs → dist/) as a package lays it out: bin/driftwatch.js beside dist/ and no
// source/, so the launcher runs the build. The tests that must exercise what ships run it through here.
import {execFile} from 'node:child_process';
import {copyFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {repoRoot} from './cli.js';

/** Build into `dir`/dist and copy the launcher to `dir`/bin; returns the launcher's path. */
export async function buildInto(dir: string): Promise<string> {
	await new Promise<void>((resolve, reject) => {
		execFile(
			process.execPath,
			[join(repoRoot, 'scripts/build.mjs'), '--outdir', join(dir, 'dist')],
			{cwd: repoRoot},
			(error, _stdout, stderr) => (error ? reject(new Error(`npm run build failed:\n${stderr}`)) : resolve()),
		);
	});
	mkdirSync(join(dir, 'bin'), {recursive: true});
	copyFileSync(join(repoRoot, 'bin/driftwatch.js'), join(dir, 'bin/driftwatch.js'));
	return join(dir, 'bin/driftwatch.js');
}

export type Run = {code: number | null; stdout: string; stderr: string};

/** Run a command (never rejects): the launcher under this Node 22, or an installed `driftwatch`. */
export function run(file: string, args: readonly string[], options: {cwd: string; env: NodeJS.ProcessEnv}): Promise<Run> {
	return new Promise(resolve => {
		execFile(file, args, {...options, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
		});
	});
}

/** A shell command line from words, each single-quoted. */
export function shellWords(words: readonly string[]): string {
	return words.map(word => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
}
