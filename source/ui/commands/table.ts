// The one table of named commands, assembled from one module per mode. Keys, the footer hints, the `?` help and
// the `:` palette are all generated from it; the root useInput dispatches here. The order of the table is the
// order of the hints and of help.
import {modeOf, type Mode, type UiState} from '../state/ui-state.js';
import {actionCommands, offerFor} from './actions.js';
import {confirmCommands} from './confirm.js';
import {copyCommands} from './copy.js';
import {backToListCommand, resourceCommands} from './detail.js';
import {diffCommands, openDiffCommand} from './diff.js';
import {feedCommands, openEventsCommand, openSourcesCommand, openTimelineCommand, treeEventsCommand} from './feeds.js';
import {closeHelpCommand, openHelpCommand} from './help.js';
import {keyLabel, keyMatches, type Keystroke} from './keys.js';
import {logPickerCommands, logSearchLineCommands, logViewCommands, openLogCommands} from './logs.js';
import {fetchGitCommand, filterLineCommands, listCommands, openDetailCommand, quitCommands, typeFilter} from './list.js';
import {movingCommands} from './moving.js';
import {openTreeCommand, treeCommands} from './tree.js';
import {completePaletteLineIn, paletteCommandsIn, paletteModeCommands, paletteWordIn} from './palette.js';
import {invoke, type Command, type CommandEnv} from './types.js';
import type {GlyphSet} from '../style/glyphs.js';

export {isAvailable, modesAvailable, type Command, type CommandEnv} from './types.js';
export {noExternalDiffNotice} from './diff.js';

// Palette commands read the table when they run (it is made of them, so it is handed in, not imported).
const palette = paletteModeCommands(() => commands);

export const commands: readonly Command[] = [
	// First: in the dialog, its own keys lead the footer.
	...confirmCommands,
	...movingCommands,
	openDetailCommand,
	openDiffCommand,
	...actionCommands,
	...resourceCommands,
	openTreeCommand,
	...treeCommands,
	...openLogCommands,
	...logPickerCommands,
	...logViewCommands,
	openEventsCommand,
	treeEventsCommand,
	openTimelineCommand,
	openSourcesCommand,
	...feedCommands,
	...diffCommands,
	fetchGitCommand,
	...copyCommands,
	...listCommands,
	palette.open,
	openHelpCommand,
	closeHelpCommand,
	backToListCommand,
	...quitCommands,
	...palette.byNameOnly,
	...filterLineCommands,
	...logSearchLineCommands,
	...palette.line,
	palette.deleteChar,
];

/** Whether the command applies here at all; a command that does not leaves its key to others and is not hinted. */
function applies(command: Command, state: UiState): boolean {
	return command.when?.(state) ?? true;
}

/** Commands of a mode, in table order. */
function commandsFor(mode: Mode): Command[] {
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
		const word = typeof command.hint === 'string' ? command.hint : command.hint(state, offer, env);
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
	return paletteCommandsIn(commands, readonly);
}

/** How the palette spells a command (`:into`), from the table: messages never name a command it does not have. */
export function paletteWord(id: string): string {
	return paletteWordIn(commands, id);
}

/** Tab: complete the command name, then its argument, to the longest common prefix. */
export function completePaletteLine(line: string, env: CommandEnv): string {
	return completePaletteLineIn(commands, line, env);
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
		if ((mode === 'filter' || mode === 'palette' || mode === 'log-search') && stroke.type === 'char') {
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
