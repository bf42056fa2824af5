import type {AppSummary} from '../apps/model.js';
import {compactLine} from '../text/terminal-text.js';

const columns = ['SYNC', 'HEALTH', 'KIND', 'NAMESPACE', 'NAME', 'REVISION', 'MESSAGE'] as const;

/** Plain-text table for `driftwatch status`, like `kubectl get`. */
export function statusTable(apps: readonly AppSummary[]): string {
	// Cells are cleaned before the columns are measured: an escape is wider than the character it shows.
	const rows = apps.map(app => [
		app.sync,
		app.stateLabel && app.stateLabel !== app.health ? `${app.health} (${app.stateLabel})` : app.health,
		app.kind,
		app.namespace,
		app.name,
		shortRevision(app.revision),
		app.message.replace(/\s+/g, ' ').slice(0, 80),
	].map(compactLine));
	const widths = columns.map((title, index) => Math.max(title.length, ...rows.map(row => row[index]!.length)));
	const format = (cells: readonly string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ').trimEnd();
	return [format(columns), ...rows.map(format)].join('\n');
}

function shortRevision(revision: string): string {
	return revision.replace(/([0-9a-f]{7})[0-9a-f]{33,}/g, '$1');
}
