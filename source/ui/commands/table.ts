// The one table of named commands, assembled from one module per mode. Keys, the footer hints, the `?` help and
// the `:` palette are all generated from it; the root useInput dispatches here. The order of the table is the
// order of the hints and of help.
import {modeOf, withError, withInfo, type Mode, type UiState} from '../state/ui-state.js';
import {actionCommands, isReadOnly, offerFor} from './actions.js';
import {confirmCommands} from './confirm.js';
import {backToListCommand, resourceCommands} from './detail.js';
import {diffCommands, openDiffCommand} from './diff.js';
import {closeHelpCommand, openHelpCommand} from './help.js';
import {keyLabel, keyMatches, type Keystroke} from './keys.js';
import {fetchGitCommand, filterLineCommands, listCommands, openDetailCommand, quitCommands, typeFilter} from './list.js';
import {movingCommands} from './moving.js';
import {deleteCharCommand, openPaletteCommand, paletteLineCommands, paletteOnlyCommands} from './palette.js';
import type {Command, CommandEnv} from './types.js';
import type {GlyphSet} from '../style/glyphs.js';

export {noOffer, type Command, type CommandEnv, type Offer, type PaletteSpec} from './types.js';
export {offerFor} from './actions.js';
export {noExternalDiffNotice} from './diff.js';

export const commands: readonly Command[] = [
	// First: in the dialog, its own keys lead the footer.
	...confirmCommands,
	...movingCommands,
	openDetailCommand,
	openDiffCommand,
	...actionCommands,
	...resourceCommands,
	...diffCommands,
	fetchGitCommand,
	...listCommands,
	openPaletteCommand,
	openHelpCommand,
	closeHelpCommand,
	backToListCommand,
	...quitCommands,
	...paletteOnlyCommands,
	...filterLineCommands,
	...paletteLineCommands,
	deleteCharCommand,
];

/** Modes only an action key opens (its confirmation, and that plan's diff): a read-only context never reaches them. */
const actionDialogModes: readonly Mode[] = ['confirm', 'confirm-diff'];

/**
 * Where a command does something in this context. Read-only drops the action keys and the dialog they would
 * open, and nothing else: moving, diffs, filter and palette all work. Help, hints and palette all ask here.
 */
export function modesAvailable(command: Command, readonly: boolean): readonly Mode[] {
	if (!readonly) return command.modes;
	if (command.action) return [];
	return command.modes.filter(mode => !actionDialogModes.includes(mode));
}

/** Whether the command does anything in this context: by a key in some mode, or as a palette command. */
export function isAvailable(command: Command, readonly: boolean): boolean {
	if (readonly && command.action) return false;
	return modesAvailable(command, readonly).length > 0 || command.palette !== undefined;
}

/** Whether the command applies here at all; a command that does not leaves its key to others and is not hinted. */
function applies(command: Command, state: UiState): boolean {
	return command.when?.(state) ?? true;
}

/** Commands of a mode, in table order. */
export function commandsFor(mode: Mode): Command[] {
	return commands.filter(command => command.modes.includes(mode));
}

/** A footer hint: the command's first key and its word. `action`: kept before other hints, dropped before help. */
export type Hint = {key: string; word: string; priority: number; action?: boolean};

/**
 * The footer hints now, in table order: commands that apply and can run (or keep their hint while disabled).
 * `disabled`: disabledNow(state, env), when the caller has it already.
 */
export function hintsFor(
	state: UiState,
	env: CommandEnv,
	glyphs: GlyphSet,
	disabled: ReadonlyMap<string, string> = disabledNow(state, env),
): Hint[] {
	const offer = offerFor(state, env);
	const hints: Hint[] = [];
	for (const command of commandsFor(modeOf(state))) {
		if (!command.hint || command.keys.length === 0 || !applies(command, state)) continue;
		if (!command.hintWhileDisabled && disabled.has(command.id)) continue;
		const word = typeof command.hint === 'string' ? command.hint : command.hint(state, offer);
		if (word)
			hints.push({
				key: keyLabel(command.keys[0]!, glyphs),
				word,
				priority: command.hintPriority ?? 1,
				action: command.action !== undefined,
			});
	}

	return hints;
}

/**
 * Why commands of the state's mode cannot run now, by id (for help, opened over that state): commands that
 * apply there but are disabled.
 */
export function disabledNow(state: UiState, env: CommandEnv): Map<string, string> {
	const reasons = new Map<string, string>();
	for (const command of commandsFor(modeOf(state))) {
		const reason = applies(command, state) ? (command.disabledReason?.(state, env) ?? null) : null;
		if (reason !== null) reasons.set(command.id, reason);
	}

	return reasons;
}

/** Palette commands; in a read-only context without the actions. */
export function paletteCommands(readonly = false): Command[] {
	return commands.filter(command => command.palette && isAvailable(command, readonly));
}

function findPaletteCommand(name: string): Command | undefined {
	return commands.find(command => command.palette?.name === name || command.palette?.aliases?.includes(name));
}

/** How the palette spells a command (`:into`), from the table: messages never name a command it does not have. */
export function paletteWord(id: string): string {
	return `:${commands.find(command => command.id === id)?.palette?.name ?? id}`;
}

/** Run a command, or say why it cannot run now (the key, or the palette name, of a disabled command). */
function invoke(command: Command, state: UiState, env: CommandEnv, args: readonly string[]): UiState {
	const reason = command.disabledReason?.(state, env) ?? null;
	if (reason === null) return command.run(state, env, args);
	command.refused?.(state, env);
	return withInfo(state, reason);
}

export function runPaletteLine(state: UiState, env: CommandEnv, line: string): UiState {
	const [name, ...args] = line
		.trim()
		.replace(/^:+/, '')
		.split(/\s+/)
		.filter(word => word !== '');
	if (!name) return state;
	const command = findPaletteCommand(name);
	if (!command) return withError(state, `unknown command ":${name}" (press ? for help)`);
	return invoke(command, state, env, args);
}

function commonPrefix(words: readonly string[]): string {
	if (words.length === 0) return '';
	let prefix = words[0]!;
	for (const word of words) {
		while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
	}

	return prefix;
}

/** Tab: complete the command name, then its argument, to the longest common prefix. */
export function completePaletteLine(line: string, env: CommandEnv): string {
	const words = line.split(' ');
	if (words.length === 1) {
		const names = paletteCommands(isReadOnly(env)).map(command => command.palette!.name);
		const matches = names.filter(name => name.startsWith(words[0]!));
		if (matches.length === 1) return `${matches[0]} `;
		return commonPrefix(matches) || line;
	}

	const command = findPaletteCommand(words[0]!);
	const candidates = command?.palette?.complete?.(env) ?? [];
	const partial = words.at(-1)!;
	const matches = candidates.filter(candidate => candidate.startsWith(partial));
	if (matches.length === 0) return line;
	const completed = matches.length === 1 ? matches[0]! : commonPrefix(matches);
	return [...words.slice(0, -1), completed].join(' ');
}

function typeText(state: UiState, character: string): UiState {
	if (!state.input) return state;
	const text = state.input.text + character;
	return state.input.kind === 'filter' ? typeFilter(state, text) : {...state, input: {...state.input, text}};
}

/** Apply keystrokes in order; each sees the state the previous one produced. */
export function dispatchKeys(state: UiState, strokes: readonly Keystroke[], env: CommandEnv): UiState {
	let current = state;
	for (const stroke of strokes) {
		current = current.notice ? {...current, notice: null} : current;
		const mode = modeOf(current);
		// In text fields printable characters are text, never commands.
		if ((mode === 'filter' || mode === 'palette') && stroke.type === 'char') {
			current = typeText(current, stroke.char);
			continue;
		}

		const command = commandsFor(mode).find(
			candidate => candidate.keys.some(spec => keyMatches(spec, stroke)) && applies(candidate, current),
		);
		if (command) current = invoke(command, current, env, []);
	}

	return current;
}
