import {Box} from 'ink';
import {commandsFor} from './commands.js';
import {FilterInput} from './filter-input.js';
import {keyLabel} from './keys.js';
import {Line, type Segment} from './line.js';
import {Palette} from './palette.js';
import {modeOf, type UiState} from './ui-state.js';
import {useUi} from './ui-context.js';

/** Key hints for the current mode, straight from the command table. */
export function useHints(state: UiState): Segment[] {
	const {glyphs} = useUi();
	const segments: Segment[] = [];
	for (const command of commandsFor(modeOf(state), state)) {
		if (!command.hint || command.keys.length === 0) continue;
		if (segments.length > 0) segments.push({text: '  '});
		segments.push({text: keyLabel(command.keys[0]!, glyphs), tone: 'accent'}, {text: ` ${command.hint}`, tone: 'muted'});
	}

	return segments;
}

export function Footer(props: {state: UiState; width: number}) {
	const {state} = props;
	const {glyphs} = useUi();
	const hints = useHints(state);
	let content;
	if (state.input?.kind === 'filter') content = <FilterInput text={state.input.text} hints={hints} />;
	else if (state.input?.kind === 'palette') content = <Palette text={state.input.text} hints={hints} />;
	else if (state.notice) {
		const tone = state.notice.kind === 'error' ? 'error' : 'accent';
		const marker = state.notice.kind === 'error' ? `${glyphs.phase.disconnected} ` : '';
		content = <Line segments={[{text: `${marker}${state.notice.text}`, tone}]} />;
	} else content = <Line segments={hints} />;
	return (
		<Box width={props.width} flexShrink={0}>
			{content}
		</Box>
	);
}
