import {Box} from 'ink';
import {useRef} from 'react';
import {commands, modesAvailable, paletteCommands, type Command} from '../commands/table.js';
import {glyphMeanings, type GlyphSet} from '../style/glyphs.js';
import {syncedHeading} from '../text/columns.js';
import {keyLabel} from '../commands/keys.js';
import {Line, type Segment} from '../components/line.js';
import type {Mode} from '../state/ui-state.js';

type Section = {title: string; includes: (modes: readonly Mode[], command: Command) => boolean};

const sections: Section[] = [
	{title: 'Moving (list, detail, diff and help)', includes: modes => browseEverywhere(modes)},
	{
		title: 'Actions (list, detail and tree, when the app offers them; each asks to confirm)',
		includes: (_modes, command) => command.action !== undefined,
	},
	{title: 'Confirmation (after an action key)', includes: modes => modes.includes('confirm')},
	{title: 'App list', includes: modes => modes.includes('list')},
	{title: 'App detail', includes: modes => modes.includes('detail')},
	{title: 'Resource tree (t in the detail)', includes: modes => modes.includes('tree')},
	{title: 'Diff view (d)', includes: modes => modes.includes('diff')},
	{title: 'Log view (l, L in the detail)', includes: modes => modes.includes('logs')},
	{title: 'Log pod/container picker (C in the log view)', includes: modes => modes.includes('log-picker')},
	{title: 'Log search line (/ in the log view)', includes: modes => modes.includes('log-search')},
	{title: 'Diff of an action (d in the confirmation)', includes: modes => modes.includes('confirm-diff')},
	{title: 'Events and timeline (e, H)', includes: modes => modes.includes('events') || modes.includes('timeline')},
	{title: 'Filter line (/)', includes: modes => modes.includes('filter')},
	{title: 'Command line (:)', includes: modes => modes.includes('palette')},
	{title: 'This help', includes: modes => modes.includes('help')},
];

function browseEverywhere(modes: readonly Mode[]): boolean {
	return (['list', 'detail', 'diff', 'help'] as const).every(mode => modes.includes(mode));
}

const keyColumn = 24;

/**
 * Every key and palette command, generated from the command table; each command once. Read-only: no actions.
 * `disabled`: why commands of the screen help was opened from cannot run there now, by command id; their keys
 * are named on one line (the key itself says why), so the rest of help keeps its place.
 */
function helpLines({glyphs}: {glyphs: GlyphSet}, readonly = false, disabled: ReadonlyMap<string, string> = new Map()): Segment[][] {
	const lines: Segment[][] = [];
	const shown = new Set<string>();
	if (readonly) lines.push([{text: 'Actions are off: this is a read-only context.', tone: 'warning'}], []);
	const off = commands.filter(
		command => disabled.has(command.id) && command.keys.length > 0 && modesAvailable(command, readonly).length > 0,
	);
	if (off.length > 0) {
		const keys = off.flatMap(command => command.keys.slice(0, 1).map(spec => keyLabel(spec, glyphs))).join(' ');
		lines.push([
			{text: 'Not available here now (the key says why): ', tone: 'muted'},
			{text: keys, tone: 'accent'},
		]);
	}
	for (const section of sections) {
		// Each command under the first section its working modes belong to (read-only: no action, no dialog).
		const members = commands.filter(command => {
			const modes = modesAvailable(command, readonly);
			return command.keys.length > 0 && modes.length > 0 && !shown.has(command.id) && section.includes(modes, command);
		});
		if (members.length === 0) continue;
		lines.push([{text: section.title, tone: 'heading'}]);
		for (const command of members) {
			shown.add(command.id);
			const keys = command.keys.map(spec => keyLabel(spec, glyphs)).join(' ');
			lines.push([{text: `  ${keys}`.padEnd(keyColumn, ' '), tone: 'accent'}, {text: command.description}]);
		}

		if (section.title.startsWith('Filter')) {
			lines.push([{text: '  (any text)'.padEnd(keyColumn, ' '), tone: 'accent'}, {text: 'Words to match (all must match)'}]);
		}

		lines.push([]);
	}

	lines.push(...legendLines(glyphs), []);
	lines.push([{text: 'Commands (type : then the command)', tone: 'heading'}]);
	for (const command of paletteCommands(readonly)) {
		const palette = command.palette!;
		const syntax = `  :${palette.name}${palette.args ? ` ${palette.args}` : ''}`;
		const aliases = palette.aliases?.length ? ` (also ${palette.aliases.map(alias => `:${alias}`).join(' ')})` : '';
		// A long syntax still keeps a space before its description.
		lines.push([{text: `${syntax} `.padEnd(keyColumn, ' '), tone: 'accent'}, {text: command.description + aliases}]);
	}

	return lines;
}

/** Every symbol the screens draw, as the set in use (Unicode or ASCII) draws it, and the list's columns. */
function legendLines(glyphs: GlyphSet): Segment[][] {
	const entry = (symbol: string, meaning: string, tone?: Segment['tone']): Segment[] => [
		{text: `  ${symbol}`.padEnd(keyColumn, ' '), ...(tone === undefined ? {tone: 'accent' as const} : {tone})},
		{text: meaning},
	];
	const lines: Segment[][] = [[{text: 'Symbols', tone: 'heading'}]];
	lines.push([{text: '  S column: sync with Git', tone: 'muted'}]);
	for (const [status, meaning] of Object.entries(glyphMeanings.sync) as Array<[keyof GlyphSet['sync'], string]>) {
		lines.push(entry(glyphs.sync[status], meaning, {sync: status}));
	}

	lines.push([{text: '  H column: health', tone: 'muted'}]);
	for (const [status, meaning] of Object.entries(glyphMeanings.health) as Array<[keyof GlyphSet['health'], string]>) {
		lines.push(entry(glyphs.health[status], meaning, {health: status}));
	}

	lines.push([{text: '  Header: each source of apps (Argo CD, Flux)', tone: 'muted'}]);
	for (const [phase, meaning] of Object.entries(glyphMeanings.phase) as Array<[keyof GlyphSet['phase'], string]>) {
		lines.push(entry(glyphs.phase[phase], meaning, {phase}));
	}

	lines.push([{text: '  Elsewhere', tone: 'muted'}]);
	for (const [mark, meaning] of Object.entries(glyphMeanings.marks) as Array<[keyof typeof glyphMeanings.marks, string]>) {
		lines.push(entry(glyphs[mark], meaning));
	}

	lines.push(entry(syncedHeading, 'column: time since the last sync or deploy (- never)', 'muted'));
	return lines;
}

export function HelpOverlay(props: {lines: readonly Segment[][]; scroll: number; width: number; height: number}) {
	const rows = Math.max(0, props.height - 1);
	const top = Math.min(props.scroll, Math.max(0, props.lines.length - rows));
	const more =
		props.lines.length > rows ? ` (${top + 1}-${Math.min(top + rows, props.lines.length)} of ${props.lines.length}, j/k scroll)` : '';
	if (props.height <= 0) return null;
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
			<Line
				segments={[
					{text: 'Keys and commands', tone: 'title'},
					{text: `${more}  esc q ? close`, tone: 'muted'},
				]}
			/>
			{props.lines.slice(top, top + rows).map((segments, index) => (
				<Line key={top + index} segments={segments} />
			))}
		</Box>
	);
}

/** The help lines, built again only when what they say changes (the settings, read-only, a reason). */
export function useHelpLines(
	settings: {glyphs: GlyphSet; ascii: boolean},
	readonly: boolean,
	disabled: ReadonlyMap<string, string>,
): Segment[][] {
	const built = useRef<{key: string; settings: object; lines: Segment[][]} | null>(null);
	const key = `${readonly}\u0000${[...disabled].map(([id, reason]) => `${id}\u0001${reason}`).join('\u0000')}`;
	if (built.current?.key !== key || built.current.settings !== settings) {
		built.current = {key, settings, lines: helpLines(settings, readonly, disabled)};
	}

	return built.current.lines;
}
