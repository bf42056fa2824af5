// The side of the commands that talks to the monitor and the terminal: planning and running actions, the plan's
// diff, the external diff tool. Answers arrive later and are applied to the UI state current by then.
import {useApp} from 'ink';
import {useCallback, type RefObject} from 'react';
import type {Monitor} from '../../core/monitor/monitor.js';
import type {ActionPlan, ActionRequest} from '../../core/actions/types.js';
import {isInteractiveDiff, pagerCommand, pageText, runExternalDiff} from '../../core/diff/external-diff.js';
import type {ResourceDiff} from '../../core/diff/types.js';
import {errorText} from '../../core/util/error-text.js';
import type {CommandEnv} from '../commands/types.js';
import {confirmReducer} from '../state/confirm-dialog.js';
import type {Notice, UiState} from '../state/ui-state.js';

/** The external diff tool and the variable it came from (see UiOptions.externalDiff). */
export type ExternalDiffTool = {command: string; variable: string; interactive?: boolean; pager?: string};

export type ActionRunner = Pick<CommandEnv, 'planAction' | 'runAction' | 'planDiff' | 'runExternalDiff'>;

/**
 * `stateRef` holds the state the next key sees (keys of one input event apply before React re-renders);
 * a later answer goes through it too, so it never undoes a key pressed meanwhile.
 */
export function useActionRunner(
	monitor: Monitor,
	externalTool: ExternalDiffTool | null | undefined,
	stateRef: RefObject<UiState>,
	setState: (state: UiState) => void,
): ActionRunner {
	const {suspendTerminal} = useApp();

	/** Apply a change that arrives later (a plan, a diff, a notice) to the state current by then. */
	const applyLater = useCallback(
		(change: (current: UiState) => UiState) => {
			const next = change(stateRef.current);
			if (next === stateRef.current) return;
			stateRef.current = next;
			setState(next);
		},
		[stateRef, setState],
	);

	const showNotice = useCallback((notice: Notice) => applyLater(current => ({...current, notice})), [applyLater]);

	const planAction = useCallback(
		(request: ActionRequest, ticket: number) => {
			monitor.planAction(request).then(
				plan => applyLater(current => confirmReducer(current, {type: 'plan', ticket, plan})),
				(error: unknown) => applyLater(current => confirmReducer(current, {type: 'plan-failed', ticket, message: errorText(error)})),
			);
		},
		[monitor, applyLater],
	);

	const runAction = useCallback(
		(plan: ActionPlan) => {
			// Never rejects by contract; a broken monitor still must not vanish the outcome.
			monitor.runAction(plan).then(
				outcome => showNotice({kind: outcome.ok ? 'info' : 'error', text: `${plan.title}: ${outcome.message}`}),
				(error: unknown) => showNotice({kind: 'error', text: `${plan.title}: ${errorText(error)}`}),
			);
		},
		[monitor, showNotice],
	);

	const planDiff = useCallback(
		(plan: ActionPlan, ticket: number) => {
			const load = plan.diff ? plan.diff() : Promise.resolve(null);
			load.then(
				report => applyLater(current => confirmReducer(current, {type: 'diff', ticket, report})),
				(error: unknown) => applyLater(current => confirmReducer(current, {type: 'diff-failed', ticket, message: errorText(error)})),
			);
		},
		[applyLater],
	);

	const externalDiff = useCallback(
		(command: string, diffs: readonly ResourceDiff[]) => {
			const variable = externalTool?.variable;
			const failed = (error: unknown) => showNotice({kind: 'error', text: `external diff: ${errorText(error, {multiline: true})}`});
			if (externalTool?.interactive ?? isInteractiveDiff(command, process.env)) {
				// An interactive tool gets the real terminal; Ink restores the screen and raw mode after it exits.
				suspendTerminal(async () => {
					const result = await runExternalDiff(command, diffs, {stdio: 'inherit', variable});
					showNotice(result.error ? {kind: 'error', text: result.error} : {kind: 'info', text: `${command} finished`});
				}).catch(failed);
				return;
			}

			// A tool that prints and exits: its output would scroll away under the TUI coming back, so it is paged.
			void (async () => {
				const result = await runExternalDiff(command, diffs, {stdio: 'pipe', variable});
				if (result.error) return showNotice({kind: 'error', text: result.error});
				if (result.output.trim() === '') return showNotice({kind: 'info', text: `${command}: no differences`});
				const paged: {problem: string | null} = {problem: null};
				await suspendTerminal(async () => {
					paged.problem = await pageText(result.output, externalTool?.pager ?? pagerCommand(process.env));
				});
				showNotice(paged.problem ? {kind: 'error', text: paged.problem} : {kind: 'info', text: `${command} finished`});
			})().catch(failed);
		},
		[suspendTerminal, showNotice, externalTool],
	);

	return {planAction, runAction, planDiff, runExternalDiff: externalDiff};
}
