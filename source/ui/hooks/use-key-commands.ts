// The command environment of this frame (what commands may read or call), and the one key router: every key
// of an input event goes through the command table in order, before React renders again.
import {useInput, useStdin} from 'ink';
import type {RefObject} from 'react';
import {toKeystrokes} from '../commands/keys.js';
import {dispatchKeys} from '../commands/table.js';
import type {CommandEnv} from '../commands/types.js';
import type {UiState} from '../state/ui-state.js';

export function useKeyCommands(env: CommandEnv, stateRef: RefObject<UiState>, setState: (state: UiState) => void): void {
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			const next = dispatchKeys(stateRef.current, toKeystrokes(input, key), env);
			stateRef.current = next;
			setState(next);
		},
		// Without raw mode (stdin is a pipe) useInput would throw.
		{isActive: isRawModeSupported === true},
	);
}
