// Root component: owns the UI state machine and the single key router.
import {Box, useApp, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {AppSummary} from '../core/apps/model.js';
import type {Monitor} from '../core/apps/monitor.js';
import {externalDiffSetting, isInteractiveDiff, pagerCommand, pageText, runExternalDiff} from '../core/diff/external-diff.js';
import type {ResourceDiff} from '../core/diff/types.js';
import type {DriftReport} from '../core/drift/types.js';
import type {ActionPlan, ActionRequest} from '../core/actions/types.js';
import {offerFor} from './action-commands.js';
import {planArrived, planDiffArrived, planDiffFailed, planFailed} from './action-flow.js';
import {dispatchKeys, type CommandEnv} from './commands.js';
import {confirmTitle, confirmView, planDiffEmptyLines, planDiffTitle, type ConfirmView} from './confirm-lines.js';
import {detailTitle, detailView} from './detail-lines.js';
import {DetailScreen} from './detail-screen.js';
import {buildDiffModel, diffEmptyLines, diffTitle, type DiffModel} from './diff-lines.js';
import {diffPosition, topOf} from './diff-nav.js';
import {DiffScreen} from './diff-screen.js';
import {ageOf} from './format.js';
import {Footer} from './footer.js';
import {Header} from './header.js';
import {HelpOverlay, helpLines} from './help-overlay.js';
import {toKeystrokes} from './keys.js';
import {LineWidthContext} from './line.js';
import {listRows, screenLayout, scrollRows} from './layout.js';
import {ListScreen} from './list-screen.js';
import {deployingInto, narrowVisible, prepareSearch, visibleApps, visibleAppsFrom} from './selectors.js';
import {useNow, useRerenderAfter} from './use-coarse-clock.js';
import {useDetail, useDrift, useSnapshot} from './use-monitor.js';
import {useTerminalSize} from './use-terminal-size.js';
import {UiContext, uiSettings} from './ui-context.js';
import {effectiveFilter, initialUiState, windowTop, type Notice, type UiState} from './ui-state.js';
import {errorText} from '../core/text/error-text.js';

export type UiOptions = {
	ascii: boolean;
	color: boolean;
	/**
	 * External diff tool and the variable it came from; taken from the environment when absent, null: none.
	 * `interactive` (the tool takes the terminal) and `pager` (for a tool that prints) default to what the
	 * environment says (isInteractiveDiff, pagerCommand).
	 */
	externalDiff?: {command: string; variable: string; interactive?: boolean; pager?: string} | null;
};

export type AppProps = {
	monitor: Monitor;
	options: UiOptions;
	/** Terminal size; taken from the terminal (and its resizes) when absent. */
	width?: number;
	height?: number;
	onQuit?: () => void;
};

/** Diff line models of one report, built once per fold and only when asked for. */
function useDiffModels(report: DriftReport | null): (full: boolean) => DiffModel {
	return useMemo(() => {
		const built = new Map<boolean, DiffModel>();
		return (full: boolean) => {
			let model = built.get(full);
			if (!model) {
				model = buildDiffModel(report, full);
				built.set(full, model);
			}

			return model;
		};
	}, [report]);
}

/**
 * Filter+sort results per (filter, sort) for one apps array, so a paste of keys re-sorts once. A new apps array
 * whose changes cannot move a row reuses the previous result; a filter one character longer narrows the result
 * of the shorter one instead of filtering and sorting every app again.
 */
function useVisibleApps(apps: readonly AppSummary[]): (state: UiState) => readonly AppSummary[] {
	const previous = useRef<{apps: readonly AppSummary[]; results: Map<string, readonly AppSummary[]>} | null>(null);
	return useMemo(() => {
		const before = previous.current;
		const results = new Map<string, readonly AppSummary[]>();
		previous.current = {apps, results};
		return (state: UiState) => {
			const filter = effectiveFilter(state);
			const key = (text: string) => `${state.sort}\u0000${state.into ?? ''}\u0000${text}`;
			let result = results.get(key(filter));
			if (!result) {
				const old = before?.results.get(key(filter));
				const shorter = filter.length > 0 ? results.get(key(filter.slice(0, -1))) : undefined;
				result =
					(old && before ? visibleAppsFrom(before.apps, old, apps) : null) ??
					(shorter ? narrowVisible(shorter, filter) : visibleApps(deployingInto(apps, state.into), filter, state.sort));
				results.set(key(filter), result);
			}

			return result;
		};
	}, [apps]);
}

export function App(props: AppProps): React.JSX.Element {
	const {monitor, options} = props;
	const settings = useMemo(() => uiSettings(options), [options.ascii, options.color]);
	const windowSize = useTerminalSize();
	const width = props.width ?? windowSize.columns;
	const height = props.height ?? windowSize.rows;
	const snapshot = useSnapshot(monitor);
	const [externalTool] = useState<UiOptions['externalDiff']>(() =>
		options.externalDiff === undefined ? externalDiffSetting(process.env) : options.externalDiff,
	);
	const [state, setState] = useState<UiState>(() => ({...initialUiState, externalDiff: externalTool?.command ?? null}));
	// Keys of one input event are applied in sequence before React re-renders.
	const stateRef = useRef(state);
	stateRef.current = state;
	const {exit, suspendTerminal} = useApp();
	const {isRawModeSupported} = useStdin();
	const now = useNow();
	// Read-only has one source: the snapshot (--readonly, or the context's `readonly: true` in the config).
	const readOnly = snapshot.readonly === true;

	// The dialog gets the rows the fleet counts would take: what it says must fit before y can run it.
	const layout = screenLayout(width, height, snapshot.fatal !== null, state.confirm !== null);
	const visible = useVisibleApps(snapshot.apps);
	// After the frame is out: the filter's search text for rows that are new since the last list.
	useEffect(() => {
		const timer = setTimeout(() => prepareSearch(snapshot.apps), 0);
		return () => clearTimeout(timer);
	}, [snapshot.apps]);

	// The detail stays watched while a diff opened from it is shown, so going back is instant.
	const detailId = state.detail?.id ?? null;
	const detailState = useDetail(monitor, detailId);
	const driftId = state.screen === 'diff' ? (state.diff?.id ?? null) : state.screen === 'detail' ? detailId : null;
	const drift = useDrift(monitor, driftId);
	const current = detailId === null ? undefined : snapshot.apps.find(app => app.id === detailId);
	const detailInput =
		state.detail && state.screen === 'detail'
			? {
					app: current ?? state.detail.app,
					present: current !== undefined,
					state: detailState,
					drift,
					selected: state.detail.selected,
					progress: snapshot.actions?.[state.detail.id] ?? null,
					width: layout.width,
					now,
					glyphs: settings.glyphs,
					ascii: settings.ascii,
				}
			: null;
	const detail = detailInput ? {title: detailTitle(detailInput), view: detailView(detailInput)} : null;
	useRerenderAfter(
		detailInput && detail
			? Math.min(detail.title.validForMs, detail.view.validForMs, ageOf(detailInput.app.lastChange, now).validForMs)
			: Number.POSITIVE_INFINITY,
	);

	// Built once per (report, fold) and only when asked for: keys just move a window over it. A function of
	// the state, so keys after `z` in the same input event already see the other fold.
	const diffModels = useDiffModels(drift.report);
	const planDiffModels = useDiffModels(state.confirm?.diff?.report ?? null);
	const diffFor = (at: UiState) => {
		if (at.confirm?.diff) return at.confirm.diff.phase === 'ready' ? planDiffModels(at.confirm.diff.full) : null;
		return at.screen === 'diff' && at.diff && at.diff.id === driftId ? diffModels(at.diff.full) : null;
	};
	const diffModel = diffFor(state);
	const diffTop = diffModel && state.diff ? topOf(diffModel, state.diff.cursor) : 0;

	const confirmFor = (at: UiState): ConfirmView | null =>
		at.confirm
			? confirmView({
					confirm: at.confirm,
					context: snapshot.context,
					production: snapshot.production === true,
					width: layout.width,
					glyphs: settings.glyphs,
					ascii: settings.ascii,
				})
			: null;

	/** Apply a change that arrives later (a plan, a diff, a notice) to the state current by then. */
	const applyLater = useCallback((change: (current: UiState) => UiState) => {
		const next = change(stateRef.current);
		if (next === stateRef.current) return;
		stateRef.current = next;
		setState(next);
	}, []);

	const showNotice = useCallback((notice: Notice) => applyLater(current => ({...current, notice})), [applyLater]);

	const planAction = useCallback(
		(request: ActionRequest, ticket: number) => {
			monitor.planAction(request).then(
				plan => applyLater(current => planArrived(current, ticket, plan)),
				(error: unknown) => applyLater(current => planFailed(current, ticket, errorText(error))),
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
				report => applyLater(current => planDiffArrived(current, ticket, report)),
				(error: unknown) => applyLater(current => planDiffFailed(current, ticket, errorText(error))),
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
	const help = useMemo(() => helpLines(settings.glyphs, readOnly), [settings, readOnly]);

	const quit = useCallback(() => {
		props.onQuit?.();
		exit();
	}, [props.onQuit, exit]);

	const env: CommandEnv = {
		monitor,
		snapshot,
		visible,
		listRows: listRows(layout),
		scrollRows: scrollRows(layout),
		detailLineCount: detail?.view.lines.length ?? 0,
		helpLineCount: help.length,
		detailTargets: detail?.view.targets ?? [],
		drift: driftId === null ? null : drift,
		diff: diffFor,
		runExternalDiff: externalDiff,
		planAction,
		runAction,
		planDiff,
		confirmView: at => {
			const view = confirmFor(at);
			return view ? {lineCount: view.lines.length, choiceStart: view.choiceStart} : null;
		},
		quit,
	};

	useInput(
		(input, key) => {
			const next = dispatchKeys(stateRef.current, toKeystrokes(input, key), env);
			stateRef.current = next;
			setState(next);
		},
		// Without raw mode (stdin is a pipe) useInput would throw.
		{isActive: isRawModeSupported === true},
	);

	let body;
	const confirm = state.confirm;
	if (confirm?.diff) {
		const confirmInput = {
			confirm,
			context: snapshot.context,
			production: snapshot.production === true,
			width: layout.width,
			glyphs: settings.glyphs,
			ascii: settings.ascii,
		};
		const model = diffModel ?? buildDiffModel(null, false);
		const top = diffModel ? topOf(diffModel, confirm.diff.cursor) : 0;
		body = (
			<DiffScreen
				title={planDiffTitle(confirmInput)}
				model={model}
				empty={model.lines.length === 0 ? planDiffEmptyLines(confirm, settings.ascii) : null}
				top={top}
				width={layout.width}
				height={layout.bodyLines}
			/>
		);
	} else if (confirm) {
		const view = confirmFor(state)!;
		const rows = scrollRows(layout);
		// The highlighted target stays on screen, even before the first move.
		const scroll = view.selected === null ? confirm.scroll : windowTop(confirm.scroll, view.selected, rows, view.lines.length);
		body = (
			<DetailScreen
				title={confirmTitle(
					view.title,
					Math.min(scroll, Math.max(0, view.lines.length - rows)) + rows < view.lines.length,
					layout.width,
					settings.glyphs,
				)}
				lines={view.lines}
				scroll={scroll}
				selected={view.selected}
				width={layout.width}
				height={layout.bodyLines}
			/>
		);
	} else if (state.help) {
		body = <HelpOverlay lines={help} scroll={state.helpScroll} width={layout.width} height={layout.bodyLines} />;
	} else if (diffModel && state.diff) {
		const app = snapshot.apps.find(candidate => candidate.id === state.diff!.id) ?? state.diff.app;
		const position = diffModel.resources.length > 0 ? diffPosition(diffModel, diffTop) : null;
		body = (
			<DiffScreen
				title={diffTitle({app, drift, position, full: state.diff.full, width: layout.width}, settings.glyphs, settings.ascii)}
				model={diffModel}
				empty={diffModel.lines.length === 0 ? diffEmptyLines(drift, settings.glyphs, settings.ascii) : null}
				top={diffTop}
				width={layout.width}
				height={layout.bodyLines}
			/>
		);
	} else if (detail && state.detail) {
		const selected = detail.view.targets.find(target => target.key === state.detail!.selected)?.line ?? null;
		body = (
			<DetailScreen
				title={detail.title.segments}
				lines={detail.view.lines}
				scroll={state.detail.scroll}
				selected={selected}
				width={layout.width}
				height={layout.bodyLines}
			/>
		);
	} else {
		body = <ListScreen snapshot={snapshot} apps={visible(state)} state={state} width={layout.width} lines={layout.bodyLines} />;
	}

	return (
		<UiContext.Provider value={settings}>
			<LineWidthContext.Provider value={layout.width}>
				{/* Clipped at the bottom only: every line is already cut to the width (Line), and a horizontal clip would
			    make Ink re-read every character of every line on each frame. */}
				<Box flexDirection="column" width={layout.width} height={layout.height} overflowY="hidden">
					<Header
						snapshot={snapshot}
						sort={state.sort}
						filter={effectiveFilter(state)}
						into={state.into}
						shown={visible(state).length}
						width={layout.width}
						lines={layout.headerLines}
					/>
					{body}
					<Box flexGrow={1} />
					{layout.footerLines > 0 ? <Footer state={state} offer={offerFor(state, env)} width={layout.width} /> : null}
				</Box>
			</LineWidthContext.Provider>
		</UiContext.Provider>
	);
}
