// Golden files: operator-facing text compared byte for byte with a reviewed copy in test/integration/golden/.
// What differs from run to run (ports, temp paths, contexts, ages, revisions) is replaced by stable
// placeholders first, by the caller's `stable` list. A changed text fails; it is updated only on request:
//   npm run test:golden:update        (UPDATE_GOLDEN=1: write the files anew, then review the git diff)
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {repoRoot} from './cli.js';

export const goldenDir = join(repoRoot, 'test', 'integration', 'golden');

const updateCommand = 'npm run test:golden:update';

/** A run-dependent part of the text and the placeholder that stands for it. */
export type Placeholder = readonly [pattern: string | RegExp, placeholder: string];

/** `text` with every placeholder's pattern replaced (a string: every occurrence, literally), in order. */
export function stabilize(text: string, placeholders: readonly Placeholder[]): string {
	let stable = text;
	for (const [pattern, placeholder] of placeholders) {
		stable = typeof pattern === 'string' ? stable.split(pattern).join(placeholder) : stable.replace(pattern, placeholder);
	}
	return stable;
}

/** Whether this run writes golden files instead of comparing (UPDATE_GOLDEN=1, never implied). */
export function updatingGolden(): boolean {
	return process.env['UPDATE_GOLDEN'] === '1';
}

/**
 * `actual` equals test/integration/golden/`name` byte for byte; with UPDATE_GOLDEN=1 the file is written instead.
 * A missing file fails too: a golden file is created on request, never by a plain test run.
 */
export function assertGolden(name: string, actual: string, dir = goldenDir): void {
	const path = join(dir, name);
	const shown = relative(repoRoot, path);
	if (updatingGolden()) {
		mkdirSync(dirname(path), {recursive: true});
		writeFileSync(path, actual);
		return;
	}
	assert.ok(existsSync(path), `${shown} does not exist: create it with \`${updateCommand}\` and review it`);
	const expected = readFileSync(path, 'utf8');
	assert.equal(
		actual,
		expected,
		`${shown} differs from this output; if the change is intended, run \`${updateCommand}\` and review the diff`,
	);
}
