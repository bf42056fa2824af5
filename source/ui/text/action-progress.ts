// An action's progress as a text label for the row and the detail: words, never a spinner (an idle
// screen must stay byte-identical, and a spinner costs a redraw per tick over SSH).
import type {ActionProgress} from '../../core/actions/progress-types.js';
import {oneLine} from './format.js';
import type {Tone} from '../style/theme.js';

type ProgressLabel = {text: string; tone: Tone};

/** A finished action stays on its row until dismissed with `x`. */
export function isFinished(progress: ActionProgress | null | undefined): boolean {
	return progress?.phase === 'succeeded' || progress?.phase === 'failed';
}

/** `Sync… waiting for controller`, `Sync ✓ synced abc1234`, `Sync failed: <message>`. */
export function progressLabel(progress: ActionProgress, ascii: boolean): ProgressLabel {
	const label = oneLine(progress.label, ascii) || progress.action;
	const message = oneLine(progress.message, ascii);
	const dots = ascii ? '...' : '…';
	switch (progress.phase) {
		case 'sending': {
			return {text: `${label}${dots} ${message || 'sending'}`, tone: 'accent'};
		}

		case 'waiting': {
			return {text: `${label}${dots} ${message || 'waiting for controller'}`, tone: 'accent'};
		}

		case 'succeeded': {
			const mark = ascii ? 'ok' : '✓';
			return {text: message ? `${label} ${mark} ${message}` : `${label} ${mark}`, tone: 'good'};
		}

		case 'failed': {
			return {text: `${label} failed${message ? `: ${message}` : ''}`, tone: 'error'};
		}
	}
}

/** A few columns' worth, for rows too narrow for the status column. */
export function shortProgressLabel(progress: ActionProgress, ascii: boolean): ProgressLabel {
	const label = oneLine(progress.label, ascii) || progress.action;
	switch (progress.phase) {
		case 'sending':
		case 'waiting': {
			return {text: `${label}${ascii ? '...' : '…'}`, tone: 'accent'};
		}

		case 'succeeded': {
			return {text: `${label} ${ascii ? 'ok' : '✓'}`, tone: 'good'};
		}

		case 'failed': {
			return {text: `${ascii ? 'x' : '✗'} ${label} failed`, tone: 'error'};
		}
	}
}
