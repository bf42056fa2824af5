// The frame shown while a session starts (the demo seeding its sandbox): put up before the UI and the session are
// loaded, so the first thing on the terminal says what is happening. q or Ctrl-C quits before it has started.
import {Text, useApp, useInput} from 'ink';

export function StartingScreen({title, what, ascii}: {title: string; what: string; ascii: boolean}) {
	const {exit} = useApp();
	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) exit();
	});
	return <Text wrap="truncate-end">{`${title} ${ascii ? '-' : '·'} ${what}${ascii ? '...' : '…'}`}</Text>;
}
