#!/usr/bin/env node
// Launcher: decide colour before chalk/Ink are imported (they read the
// environment once, at import time), then load the TypeScript entry via tsx.
const args = process.argv.slice(2);
if ((process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') || args.includes('--no-color')) {
	process.env.FORCE_COLOR = '0';
}
process.env.NODE_ENV ??= 'production';
// The demo loads the UI and seeds a sandbox for seconds before its first frame: say at once that it is starting
// (plain ASCII on the normal screen, before anything is loaded; it stays above the shell prompt after exit).
if (
	args[0] === 'demo' &&
	args.slice(1).every(arg => ['--ascii', '--color', '--no-color', '--readonly'].includes(arg)) &&
	process.stdout.isTTY
) {
	process.stdout.write('driftwatch demo: starting the sandbox...\n');
}
const {register} = await import('tsx/esm/api');
// Our tsconfig, not one found from the user's working directory (JSX settings live there).
const {fileURLToPath} = await import('node:url');
register({tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url))});
await import('../source/cli.tsx');
