import type {HealthStatus, SyncStatus} from '../../core/apps/model.js';
import type {SourcePhase} from '../../core/kube/source-state.js';

/** Props for Ink's <Text>; all empty when colour is off. */
export type TextStyle = {
	color?: string;
	bold?: boolean;
	inverse?: boolean;
	dimColor?: boolean;
};

/** Semantic roles: components name what a text is, never which colour it gets. */
export type Role =
	| 'plain'
	| 'title'
	| 'context'
	| 'muted'
	| 'accent'
	| 'error'
	| 'warning'
	| 'good'
	| 'heading'
	| 'selected'
	/** Diff lines: what a sync would add, and what it would take away. */
	| 'added'
	| 'removed'
	/** A production context: loud, and always written with a [PROD] marker so it reads without colour too. */
	| 'production';

/** What a piece of text is: a role, or a status whose colour follows the status. */
export type Tone = Role | {health: HealthStatus} | {sync: SyncStatus} | {phase: SourcePhase};

export type Theme = {
	color: boolean;
	style(tone: Tone | undefined): TextStyle;
};

// The 16 ANSI colours only: they follow the user's terminal palette (tmux/SSH safe).
const roleStyles: Record<Role, TextStyle> = {
	plain: {},
	title: {bold: true},
	context: {bold: true, color: 'cyan'},
	muted: {color: 'gray'},
	accent: {color: 'cyan'},
	error: {color: 'red', bold: true},
	warning: {color: 'yellow'},
	good: {color: 'green'},
	heading: {bold: true},
	selected: {inverse: true},
	added: {color: 'green'},
	removed: {color: 'red'},
	production: {color: 'red', bold: true, inverse: true},
};

const healthStyles: Record<HealthStatus, TextStyle> = {
	Healthy: {color: 'green'},
	Progressing: {color: 'cyan'},
	Degraded: {color: 'red'},
	Suspended: {color: 'gray'},
	Missing: {color: 'yellow'},
	Unknown: {color: 'magenta'},
};

const syncStyles: Record<SyncStatus, TextStyle> = {
	Synced: {color: 'green'},
	OutOfSync: {color: 'yellow'},
	Unknown: {color: 'magenta'},
};

const phaseStyles: Record<SourcePhase, TextStyle> = {
	connecting: {color: 'cyan'},
	live: {color: 'green'},
	partial: {color: 'yellow'},
	stale: {color: 'yellow'},
	unauthorized: {color: 'red', bold: true},
	forbidden: {color: 'yellow'},
	disconnected: {color: 'red'},
};

const none: TextStyle = Object.freeze({});

function colourStyle(tone: Tone): TextStyle {
	if (typeof tone === 'string') return roleStyles[tone];
	if ('health' in tone) return healthStyles[tone.health];
	if ('sync' in tone) return syncStyles[tone.sync];
	return phaseStyles[tone.phase];
}

export function createTheme(color: boolean): Theme {
	// NO_COLOR: no colour, inverse or bold at all; meaning is carried by glyphs and words.
	if (!color) return {color: false, style: () => none};
	return {color: true, style: tone => (tone === undefined ? none : colourStyle(tone))};
}
