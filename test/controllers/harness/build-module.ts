// Runs a controller module's build.sh (test/controllers/<set>/build.sh): it
// builds the binaries or reuses its cache, prints their paths one per line on
// stdout (and its build time on stderr), and puts the CRDs it took from the
// module directories in DIR/crds/ next to them.
import {execFile} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {tail} from './processes.js';

export type BuiltModule = {
	/** Binary (or helper file) by its file name, e.g. 'source-controller'. */
	files: Map<string, string>;
	/** The cache directory holding them. */
	dir: string;
	/** DIR/crds/*.yaml, sorted. */
	crdFiles: string[];
};

const builds = new Map<string, Promise<BuiltModule>>();

/** Build (or reuse) once per process; a failure carries the script's stderr tail and what to install. */
export function buildModule(script: string): Promise<BuiltModule> {
	let build = builds.get(script);
	if (!build) {
		build = new Promise((resolve, reject) => {
			// Cold builds take many minutes; the script has no other output meanwhile.
			execFile('bash', [script], {maxBuffer: 64 * 1024 * 1024, timeout: 60 * 60_000}, (error, stdout, stderr) => {
				const paths = stdout
					.split('\n')
					.map(line => line.trim())
					.filter(line => line !== '');
				if (error || paths.length === 0 || !paths.every(path => existsSync(path))) {
					const why = error ? `exit code ${String(error.code)}` : 'no existing paths printed';
					const noGo = /no 'go' on PATH/.test(stderr) ? '\nInstall Go (https://go.dev/dl/) and put it on PATH.' : '';
					reject(new Error(`cannot build the controllers (${script}: ${why})${noGo}\n${tail(stderr)}`));
					return;
				}
				const dir = dirname(paths[0]!);
				const crdDir = join(dir, 'crds');
				const crdFiles = existsSync(crdDir)
					? readdirSync(crdDir)
							.filter(name => name.endsWith('.yaml'))
							.sort()
							.map(name => join(crdDir, name))
					: [];
				resolve({files: new Map(paths.map(path => [basename(path), path])), dir, crdFiles});
			});
		});
		builds.set(script, build);
	}
	return build;
}

/** The file `name` of a built module, or an error naming what the script printed. */
export function builtFile(module: BuiltModule, name: string): string {
	const path = module.files.get(name);
	if (!path) throw new Error(`the build printed no ${name} (got: ${[...module.files.keys()].join(', ')})`);
	return path;
}
