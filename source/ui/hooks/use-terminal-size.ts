import {useStdout} from 'ink';
import {useEffect, useLayoutEffect, useState} from 'react';
import {resizeCommitted} from '../terminal/resize-order.js';

type TerminalSize = {columns: number; rows: number};

function sizeOf(stdout: NodeJS.WritableStream): TerminalSize {
	const tty = stdout as Partial<NodeJS.WriteStream>;
	return {columns: tty.columns || 80, rows: tty.rows || 24};
}

/**
 * Terminal size that follows resizes, like Ink's useWindowSize, but heard
 * BEFORE Ink's own resize handler (see resize-order.ts): React re-renders at
 * the new size first, so Ink never repaints the old, too-tall layout into the
 * smaller terminal.
 */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = sizeOf(stdout);
			setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
		};

		stdout.prependListener('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	// The new layout is committed (and painted): now Ink may run its own resize handling.
	// biome-ignore lint/correctness/useExhaustiveDependencies: `size` is the trigger: this runs after each committed size change
	useLayoutEffect(() => {
		resizeCommitted(stdout);
	}, [stdout, size]);
	return size;
}
