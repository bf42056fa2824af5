#!/usr/bin/env node
// Launcher: decide colour before chalk/Ink are imported (they read the
// environment once, at import time), then load the TypeScript entry via tsx.
const args = process.argv.slice(2);
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '' || args.includes('--no-color')) {
	process.env.FORCE_COLOR = '0';
}
process.env.NODE_ENV ??= 'production';
const {register} = await import('tsx/esm/api');
// Our tsconfig, not one found from the user's working directory (JSX settings live there).
const {fileURLToPath} = await import('node:url');
register({tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url))});
await import('../source/cli.tsx');
