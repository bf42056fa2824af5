import type {HealthStatus, SyncStatus} from '../../core/apps/model.js';
import type {SourcePhase} from '../../core/kube/source-state.js';

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

/**
 * What each symbol means, the same words whichever set draws it: the legend in `?` is generated from these and
 * the set in use, so a symbol added to the sets without a meaning fails to compile.
 */
// Each meaning fits the help at 80 columns (a 24-column symbol column leaves 56).
export const glyphMeanings: {
	sync: Record<SyncStatus, string>;
	health: Record<HealthStatus, string>;
	phase: Record<SourcePhase, string>;
	marks: Record<'cursor' | 'notLive' | 'ellipsis' | 'fold', string>;
} = {
	sync: {
		Synced: 'Synced: the cluster matches Git',
		OutOfSync: 'OutOfSync: the cluster differs from Git',
		Unknown: 'sync Unknown: not compared yet, or it failed',
	},
	health: {
		Healthy: 'Healthy',
		Progressing: 'Progressing: rolling out, not ready yet',
		Degraded: 'Degraded: failed or unhealthy',
		Suspended: 'Suspended: reconciliation paused',
		Missing: 'Missing: not in the cluster',
		Unknown: 'health Unknown',
	},
	phase: {
		connecting: 'connecting: no data yet',
		live: 'live: watching, up to date',
		partial: 'partial: live, but only in the namespaces it may list',
		stale: 'stale: the watch broke; last data shown, retrying',
		unauthorized: 'unauthorized: credentials rejected (log in again)',
		forbidden: 'forbidden: not allowed to list these apps',
		disconnected: 'disconnected: no answer from the server; last data shown',
	},
	marks: {
		cursor: 'the selected row',
		notLive: "row's source unreadable: its last known state, dimmed",
		ellipsis: 'text cut to fit',
		fold: 'unchanged lines folded away (z shows them)',
	},
};

export function glyphsFor(ascii: boolean): GlyphSet {
	return ascii ? asciiGlyphs : unicodeGlyphs;
}
