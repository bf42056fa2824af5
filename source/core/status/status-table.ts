import type {AppSummary} from '../apps/model.js';
import {compactLine} from '../util/terminal-text.js';

const columns = ['SYNC', 'HEALTH', 'KIND', 'NAMESPACE', 'NAME', 'REVISION', 'MESSAGE'] as const;

/** Longest MESSAGE cell, marker included: a row stays readable on a wide terminal. */
const messageWidth = 80;

/**
 * Plain-text table for `driftwatch status`, like `kubectl get`. A message cut to fit ends in `ellipsis` (… or,
 * in ASCII mode, ...), so a reader knows there is more (`status --json` and the TUI's detail have all of it).
 */
export function statusTable(apps: readonly AppSummary[], options: {ascii?: boolean; contexts?: boolean} = {}): string {
	const ellipsis = options.ascii ? '...' : '…';
	// Several contexts: a CONTEXT column first, as the TUI has.
	const titles = options.contexts ? ['CONTEXT', ...columns] : [...columns];
	// Cells are cleaned before the columns are measured: an escape is wider than the character it shows.
	const rows = apps.map(app =>
		[
			...(options.contexts ? [app.context] : []),
			app.sync,
			app.stateLabel && app.stateLabel !== app.health ? `${app.health} (${app.stateLabel})` : app.health,
			app.kind,
			app.namespace,
			app.name,
			shortRevision(app.revision),
			cut(app.message.replace(/\s+/g, ' ').trim(), messageWidth, ellipsis),
		].map(compactLine),
	);
	const widths = titles.map((title, index) => Math.max(title.length, ...rows.map(row => row[index]!.length)));
	const format = (cells: readonly string[]) =>
		cells
			.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index]!)))
			.join('  ')
			.trimEnd();
	return [format(titles), ...rows.map(format)].join('\n');
}

function cut(text: string, width: number, ellipsis: string): string {
	const characters = [...text];
	return characters.length <= width
		? text
		: characters
				.slice(0, width - ellipsis.length)
				.join('')
				.trimEnd() + ellipsis;
}

function shortRevision(revision: string): string {
	return revision.replace(/([0-9a-f]{7})[0-9a-f]{33,}/g, '$1');
}
