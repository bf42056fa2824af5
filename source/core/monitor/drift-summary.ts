import type {DriftReport} from '../drift/types.js';

/** "2 modified, 1 missing live, 1 would be pruned, 1 not compared", or '' when nothing differs. */
export function driftSummaryLine(report: DriftReport): string {
	const count = (predicate: (change: string, error: string | null, hasDiff: boolean) => boolean) =>
		report.resources.filter(resource => predicate(resource.change, resource.error, resource.diff !== null)).length;
	const parts: string[] = [];
	const modified = count(change => change === 'modified');
	const added = count(change => change === 'added');
	const removed = count(change => change === 'removed');
	const failed = count((_change, error, hasDiff) => error !== null && !hasDiff);
	if (modified) parts.push(`${modified} modified`);
	if (added) parts.push(`${added} missing live`);
	if (removed) parts.push(`${removed} would be pruned`);
	if (failed) parts.push(`${failed} not compared`);
	return parts.join(', ');
}
