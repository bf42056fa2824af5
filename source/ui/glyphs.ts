import type {HealthStatus, SyncStatus} from '../core/apps/model.js';
import type {SourcePhase} from '../core/kube/source-state.js';

/** Every symbol the UI draws, so ASCII mode can swap the whole set at once. */
export type GlyphSet = {
	health: Record<HealthStatus, string>;
	sync: Record<SyncStatus, string>;
	phase: Record<SourcePhase, string>;
	/** Row cursor marker: always drawn, so the cursor is visible without colour. */
	cursor: string;
	/** Beside the cursor: the row's source cannot be read now, so it shows the last known state. */
	notLive: string;
	/** Marks the end of a truncated text. */
	ellipsis: string;
	/** Separator between header fields. */
	separator: string;
	/** Horizontal rule character. */
	rule: string;
	/** Text-input caret. */
	caret: string;
	up: string;
	down: string;
	/** Stands for unchanged lines folded away in a diff. */
	fold: string;
};

export const unicodeGlyphs: GlyphSet = {
	health: {
		Healthy: '✓',
		Progressing: '◐',
		Degraded: '✗',
		Suspended: '⏸',
		Missing: '∅',
		Unknown: '?',
	},
	sync: {
		Synced: '●',
		OutOfSync: '↻',
		Unknown: '?',
	},
	phase: {
		connecting: '…',
		live: '●',
		partial: '◔',
		stale: '◌',
		unauthorized: '✗',
		forbidden: '⊘',
		disconnected: '✗',
	},
	cursor: '>',
	notLive: '◌',
	ellipsis: '…',
	separator: '·',
	rule: '─',
	caret: '█',
	up: '↑',
	down: '↓',
	fold: '⋯',
};

// Chosen so each status stays distinct: argonaut-style, all printable ASCII.
export const asciiGlyphs: GlyphSet = {
	health: {
		Healthy: '+',
		Progressing: '~',
		Degraded: 'x',
		Suspended: '=',
		Missing: '-',
		Unknown: '?',
	},
	sync: {
		Synced: '.',
		OutOfSync: '!',
		Unknown: '?',
	},
	phase: {
		connecting: '~',
		live: '+',
		partial: '%',
		stale: '-',
		unauthorized: 'x',
		forbidden: '!',
		disconnected: 'x',
	},
	cursor: '>',
	notLive: '*',
	ellipsis: '~',
	separator: '|',
	rule: '-',
	caret: '_',
	up: 'up',
	down: 'down',
	fold: '...',
};

export function glyphsFor(ascii: boolean): GlyphSet {
	return ascii ? asciiGlyphs : unicodeGlyphs;
}
