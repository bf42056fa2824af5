// The escape sequences that reach the user beyond the frame: the bell, a desktop notification and the clipboard.
// They work through SSH because they are bytes on the terminal's own stream; the terminal the user sits at acts on
// them. Inside tmux, sequences tmux does not know itself are wrapped in its passthrough form, which tmux (3.3+,
// with `allow-passthrough on`) hands to the outer terminal unchanged.

const ESC = '\u001B';
const BEL = '\u0007';

/** The terminal's bell: tmux and screen pass it on (or show it in their status line) themselves. */
export const bell = BEL;

/** What decides the form of a sequence: the variables a terminal (or tmux) sets. */
export type TerminalEnv = {
	/** Set inside tmux. */
	TMUX?: string | undefined;
	TERM?: string | undefined;
	/** Set by VTE terminals (GNOME Terminal, Tilix…), which show OSC 777 notifications. */
	VTE_VERSION?: string | undefined;
};

/** How driftwatch tells the user an app turned Degraded or OutOfSync (config `notify:`). */
export type NotifyMode = 'bell' | 'osc' | 'off';

export const notifyModes: readonly NotifyMode[] = ['bell', 'osc', 'off'];

// Text inside an OSC ends at the first BEL or ESC, and C1 ST (0x9c) ends it too: a name holding one would end the
// sequence early and let the rest act as escapes. Such characters (and line breaks) become spaces.
// eslint-disable-next-line no-control-regex
const oscUnsafe = /[\u0000-\u001F\u007F-\u009F]/g;

function oscText(text: string): string {
	return text.replace(oscUnsafe, ' ');
}

/** `sequence` for tmux to pass to the outer terminal: DCS tmux; …ST, each ESC inside doubled. */
export function tmuxPassthrough(sequence: string): string {
	return `${ESC}Ptmux;${sequence.replaceAll(ESC, `${ESC}${ESC}`)}${ESC}\\`;
}

function insideTmux(env: TerminalEnv): boolean {
	return env.TMUX !== undefined && env.TMUX !== '';
}

/**
 * OSC 52: put `text` on the clipboard of the terminal the user sits at. Inside tmux it is sent twice: plain, which
 * tmux itself takes with `set-clipboard on` (and forwards), and wrapped in passthrough for `allow-passthrough on`.
 */
export function clipboardSequence(text: string, env: TerminalEnv): string {
	const sequence = `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
	return insideTmux(env) ? sequence + tmuxPassthrough(sequence) : sequence;
}

/** Terminals that show OSC 777 notifications rather than OSC 9: rxvt-unicode, foot and the VTE family. */
function usesOsc777(env: TerminalEnv): boolean {
	const term = env.TERM ?? '';
	return (env.VTE_VERSION !== undefined && env.VTE_VERSION !== '') || term.startsWith('rxvt') || term.startsWith('foot');
}

/**
 * A desktop notification: OSC 9 (iTerm2, kitty, WezTerm, Ghostty, Windows Terminal…), or OSC 777 for the terminals
 * that use that one; wrapped for tmux inside tmux. A terminal that knows neither ignores it.
 */
export function notificationSequence(title: string, body: string, env: TerminalEnv): string {
	const sequence = usesOsc777(env)
		? `${ESC}]777;notify;${oscText(title).replaceAll(';', ',')};${oscText(body)}${BEL}`
		: `${ESC}]9;${oscText(`${title}: ${body}`)}${BEL}`;
	return insideTmux(env) ? tmuxPassthrough(sequence) : sequence;
}

/** What to write for a batch of changes in `mode`: the bell, the bell and a notification, or nothing. */
export function changeSignal(mode: NotifyMode, title: string, body: string, env: TerminalEnv): string {
	if (mode === 'off') return '';
	if (mode === 'bell') return bell;
	return bell + notificationSequence(title, body, env);
}
