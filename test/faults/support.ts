// The fault suite's measuring and reporting: each case records when the fault
// was seen, how long full recovery took after it cleared, and what rows were
// lost or left as ghosts; an `after` hook prints the table to stdout, whatever
// node:test reporter runs (node's own "pass N / fail N" lines still close the run).
import {test, type TestContext} from 'node:test';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {type AppScreen, showApp} from '../support/app-harness.js';
import {waitFor} from '../support/wait-for.js';
import {describeSnapshot} from '../integration/support/live.js';

/** What the issue asks of every fault: full recovery within this long after the fault clears. */
export const recoveryBudgetMs = 5000;

export type CaseRow = {fault: string; detectedMs: number | null; recoveredMs: number | null; rowsLost: number | null; verdict: string};

const rows: CaseRow[] = [];

/** One case's measurements, filled in as it runs. */
export class Measure {
	detectedMs: number | null = null;
	recoveredMs: number | null = null;
	rowsLost: number | null = null;
	#faultedAt = 0;
	#clearedAt = 0;

	/** The fault starts now. */
	inject(): void {
		this.#faultedAt = Date.now();
	}

	/** The fault is visible now (state shown to the user). */
	detected(): void {
		this.detectedMs = Date.now() - this.#faultedAt;
	}

	/** The fault is gone now; recovery is measured from here. */
	cleared(): void {
		this.#clearedAt = Date.now();
	}

	recovered(): void {
		this.recoveredMs = Date.now() - this.#clearedAt;
	}
}

/** A test that records its row in the table, pass or fail. */
export function faultCase(name: string, body: (measure: Measure, t: TestContext) => Promise<void>, options: {timeout?: number} = {}): void {
	test(name, {timeout: options.timeout ?? 120_000}, async t => {
		const measure = new Measure();
		let verdict = 'FAIL';
		try {
			await body(measure, t);
			verdict = 'pass';
		} catch (error) {
			verdict = `FAIL: ${firstLine(error)}`;
			throw error;
		} finally {
			rows.push({fault: name, detectedMs: measure.detectedMs, recoveredMs: measure.recoveredMs, rowsLost: measure.rowsLost, verdict});
		}
	});
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return (text.split('\n')[0] ?? '').slice(0, 90);
}

/** The table: fault | detected in | recovered in | rows lost | verdict. */
export function faultTable(): string {
	const ms = (value: number | null) => (value === null ? '-' : `${(value / 1000).toFixed(2)} s`);
	const cells = rows.map(row => [
		row.fault,
		ms(row.detectedMs),
		ms(row.recoveredMs),
		row.rowsLost === null ? '-' : String(row.rowsLost),
		row.verdict,
	]);
	const header = ['fault', 'detected in', 'recovered in', 'rows lost', 'verdict'];
	const widths = header.map((title, column) => Math.max(title.length, ...cells.map(cell => cell[column]!.length)));
	const line = (cell: string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`;
	const rule = `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`;
	const passed = rows.filter(row => row.verdict === 'pass').length;
	const legend = [
		'detected in: from injecting the fault to the screen (or the CLI run) showing it; - : nothing to show (a hang) or not reached.',
		'recovered in: from clearing the fault to every source live, the header saying so and every row right (budget 5 s);',
		'  for cli cases, the wall time of the next run after the fix. rows lost: rows missing plus ghost rows at the end.',
	];
	return ['', `fault suite: ${passed} of ${rows.length} cases pass`, line(header), rule, ...cells.map(line), ...legend, ''].join('\n');
}

export function printFaultTable(): void {
	process.stdout.write(`${faultTable()}\n`);
}

/** The real TUI over a live monitor, as a user would see it (ink-testing-library, no terminal needed). */
export type Screen = AppScreen;

export function mountScreen(monitor: LiveMonitor, width = 140, height = 40): Screen {
	return showApp(monitor, {width, height});
}

/** The header's connection line says every source is live. */
export function headerSaysLive(frame: string): boolean {
	return /● (all \d+ sources|source) live/.test(frame);
}

export type RowCheck = {missing: string[]; ghosts: string[]};
export type Recovery = RowCheck & {ok: boolean; why: string};

/** Which expected app names the snapshot and the screen lack, and which they show but should not. */
export function checkRows(snapshot: MonitorSnapshot, frame: string, expected: readonly string[], gone: readonly string[]): RowCheck {
	const names = new Set(snapshot.apps.map(app => app.name));
	const missing = expected.filter(name => !names.has(name) || !new RegExp(`\\b${name}\\b`).test(frame));
	const ghosts = gone.filter(name => names.has(name) || new RegExp(`\\b${name}\\b`).test(frame));
	return {missing, ghosts};
}

/**
 * Wait until the monitor and screen are fully recovered: every source live, the
 * header saying so, every expected row shown and no row of `gone`. Waits up to
 * `waitMs` so a slow recovery is measured, not just failed; the caller asserts the budget.
 */
export async function untilRecovered(
	monitor: LiveMonitor,
	screen: Screen,
	expected: readonly string[],
	gone: readonly string[],
	waitMs = 15_000,
): Promise<Recovery> {
	let last: RowCheck = {missing: [...expected], ghosts: []};
	try {
		await waitFor(
			() => {
				const snapshot = monitor.store.getSnapshot();
				const frame = screen.frame();
				last = checkRows(snapshot, frame, expected, gone);
				const live = snapshot.sources.length > 0 && snapshot.sources.every(source => source.phase === 'live');
				return live && headerSaysLive(frame) && last.missing.length === 0 && last.ghosts.length === 0;
			},
			waitMs,
			() =>
				`full recovery: missing ${JSON.stringify(last.missing)}, ghosts ${JSON.stringify(last.ghosts)}; ${describeSnapshot(monitor.store.getSnapshot())}\n${screen.frame()}`,
		);
		return {...last, ok: true, why: ''};
	} catch (error) {
		// The caller reports what was missing and asserts; the first line says it in short, for the table.
		const snapshot = monitor.store.getSnapshot();
		const notLive = snapshot.sources
			.filter(source => source.phase !== 'live')
			.map(source => `${source.key.split('/').pop()} ${source.phase}`);
		const parts = [
			last.missing.length > 0 ? `${last.missing.length} rows missing` : '',
			last.ghosts.length > 0 ? `${last.ghosts.length} ghosts` : '',
			notLive.length > 0 ? notLive.join(', ') : '',
			headerSaysLive(screen.frame()) ? '' : 'header not live',
		].filter(Boolean);
		return {...last, ok: false, why: `${parts.join('; ') || 'not recovered'}\n${(error as Error).message}`};
	}
}

export {describeSnapshot};

/**
 * Watches for the one thing the issue forbids outright: a screen that is
 * silently incomplete — the header saying every source is live while an
 * expected row is missing or a deleted one still shows — for a second or
 * more (shorter is a batch in flight). `expect` sets the truth as a case changes it.
 */
export class SilentIncompleteness {
	readonly violations: string[] = [];
	#expected: readonly string[];
	#gone: readonly string[] = [];
	#since: number | undefined;
	readonly #timer: NodeJS.Timeout;

	constructor(
		private readonly monitor: LiveMonitor,
		private readonly screen: Screen,
		expected: readonly string[],
	) {
		this.#expected = expected;
		// Sampling interval of the screen, not a synchronisation wait.
		this.#timer = setInterval(() => this.#sample(), 100);
	}

	expect(expected: readonly string[], gone: readonly string[] = []): void {
		this.#expected = expected;
		this.#gone = gone;
		this.#since = undefined;
	}

	#sample(): void {
		const frame = this.screen.frame();
		const rows = checkRows(this.monitor.store.getSnapshot(), frame, this.#expected, this.#gone);
		const wrong = headerSaysLive(frame) && (rows.missing.length > 0 || rows.ghosts.length > 0);
		if (!wrong) {
			this.#since = undefined;
			return;
		}
		this.#since ??= Date.now();
		if (Date.now() - this.#since >= 1000 && this.violations.length === 0) {
			this.violations.push(
				`the header says all sources are live while ${rows.missing.length} rows are missing ${JSON.stringify(rows.missing)} and ${rows.ghosts.length} ghosts ${JSON.stringify(rows.ghosts)} show:\n${frame}`,
			);
		}
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}
