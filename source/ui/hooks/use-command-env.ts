// The command environment of this frame (what commands may read or call), what cannot run now and why, and the
// one key router: every key of an input event goes through the command table in order, before React renders again.
import {useApp, useInput, useStdin} from 'ink';
import {useCallback, type RefObject} from 'react';
import type {AppSummary} from '../../core/apps/model.js';
import type {Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import {toKeystrokes} from '../commands/keys.js';
import {disabledNow, dispatchKeys} from '../commands/table.js';
import type {CommandEnv} from '../commands/types.js';
import type {LogEnv} from '../commands/logs.js';
import type {Segment} from '../components/line.js';
import {confirmInput} from '../screens/confirm-screen.js';
import {useHelpLines} from '../screens/help-screen.js';
import {listRows, scrollRows, type ScreenLayout} from '../screens/layout.js';
import type {UiState} from '../state/ui-state.js';
import type {UiSettings} from '../style/ui-context.js';
import {confirmView} from '../text/confirm-lines.js';
import {clipboardSequence, type TerminalEnv} from '../../core/notify/terminal-signals.js';
import type {ActionRunner} from './use-action-runner.js';
import type {AppChanges} from './use-app-changes.js';
import type {OpenApp} from './use-open-app.js';

type Commands = {
	env: CommandEnv;
	/** Why commands of the screen on view (beneath help) cannot run now, by command id. */
	disabled: ReadonlyMap<string, string>;
	help: readonly Segment[][];
};

export function useCommandEnv(
	parts: {
		state: UiState;
		monitor: Monitor;
		snapshot: MonitorSnapshot;
		visible: (state: UiState) => readonly AppSummary[];
		layout: ScreenLayout;
		open: OpenApp;
		/** The events or timeline feed on screen, or null. */
		feed?: {lines: readonly unknown[]} | null;
		/** The log view's lines and layout, when it is on screen. */
		logs: LogEnv | null;
		runner: ActionRunner;
		settings: UiSettings;
		onQuit?: () => void;
		changes: AppChanges;
		terminalWrite: (text: string) => void;
		terminalEnv: TerminalEnv;
	},
	stateRef: RefObject<UiState>,
	setState: (state: UiState) => void,
): Commands {
	const {state, monitor, snapshot, layout, open, settings, onQuit} = parts;
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const quit = useCallback(() => {
		onQuit?.();
		exit();
	}, [onQuit, exit]);
	const env: CommandEnv = {
		monitor,
		snapshot,
		visible: parts.visible,
		listRows: listRows(layout),
		scrollRows: scrollRows(layout),
		detailLineCount: open.detail?.view.lines.length ?? 0,
		// Set below: help's lines name what cannot run, which asks this environment.
		helpLineCount: 0,
		detailTargets: open.detail?.view.targets ?? [],
		feedLineCount: parts.feed?.lines.length ?? 0,
		logs: parts.logs,
		drift: open.driftId === null ? null : open.drift,
		tree: open.tree,
		diff: open.diffFor,
		...parts.runner,
		confirmView: at => {
			if (!at.confirm) return null;
			const view = confirmView(confirmInput(at.confirm, snapshot, layout.width, settings));
			return {lineCount: view.lines.length, choiceStart: view.choiceStart};
		},
		quit,
		copyText: text => parts.terminalWrite(clipboardSequence(text, parts.terminalEnv)),
		changeCount: parts.changes.shown.length,
		acknowledgeChanges: parts.changes.acknowledge,
	};
	// Help names what cannot run on the screen beneath it; the keys themselves say why.
	const disabled = disabledNow(state.help ? {...state, help: false} : state, env);
	// The snapshot says whether this context is read-only; the option still works without it.
	const help = useHelpLines(settings, snapshot.readonly === true, disabled);
	env.helpLineCount = help.length;

	useInput(
		(input, key) => {
			const next = dispatchKeys(stateRef.current, toKeystrokes(input, key), env);
			stateRef.current = next;
			setState(next);
		},
		// Without raw mode (stdin is a pipe) useInput would throw.
		{isActive: isRawModeSupported === true},
	);
	return {env, disabled, help};
}
