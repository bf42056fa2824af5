import type {RevisionInfo} from './drift-state.js';
import type {DriftReport} from '../drift/types.js';

function shortSha(rendered: RevisionInfo | null): string {
	const revision = rendered?.revision ?? '';
	return /^[0-9a-f]{40,64}$/.test(revision) ? revision.slice(0, 7) : revision || 'the deployed revision';
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Says how the controller's sync word and the locally computed drift disagree, or null when they agree (or the
 * local result is uncertain). The controller stays authoritative; this only tells the user where to look.
 */
/** The commit a revision names (a bare SHA, or Flux's `main@sha1:<sha>`), else ''. */
function commitOf(revision: string): string {
	return /(?:^|:)([0-9a-f]{40,64})$/.exec(revision)?.[1] ?? '';
}

export function disagreementOf(
	controller: {label: string; sync: string; offeredRevision?: string},
	report: DriftReport,
	rendered: RevisionInfo | null,
): string | null {
	if (report.status === 'Unknown') return null;
	const at = shortSha(rendered);
	if (controller.sync === 'Synced' && report.status === 'OutOfSync') {
		const changed = report.resources.filter(resource => resource.change !== 'unchanged').length;
		return `${controller.label} says Synced, but ${plural(changed, 'object')} here ${changed === 1 ? 'differs' : 'differ'} from Git at ${at}`;
	}
	if (controller.sync === 'OutOfSync' && report.status === 'Synced') {
		// The source offers another commit than the one live matches (a Flux source fetched a commit a suspended or
		// not yet reconciled app has not applied): that is what OutOfSync says, so both sides agree.
		const offered = commitOf(controller.offeredRevision ?? '');
		const deployed = commitOf(rendered?.revision ?? '');
		if (offered !== '' && deployed !== '' && offered !== deployed) return null;
		return `${controller.label} says OutOfSync, but live matches Git at ${at} here (ignored differences or a newer target revision may explain it)`;
	}
	return null;
}
