// The watch lifecycle of the app that is open: its detail is followed while the detail (or a diff opened from it)
// is shown, its drift while the detail or its diff is on screen, and the detail screen's lines are built from them.
import type {AppDriftState} from '../../core/drift/drift-state.js';
import type {ManagedResource} from '../../core/apps/detail.js';
import type {AppSummary} from '../../core/apps/model.js';
import type {Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import type {DriftReport} from '../../core/drift/types.js';
import type {UiState} from '../state/ui-state.js';
import type {UiSettings} from '../style/ui-context.js';
import {detailTitle, detailView} from '../text/detail-lines.js';
import {buildDiffModel, type DiffModel} from '../text/diff-lines.js';
import {ageOf} from '../text/format.js';
import {useMemo, useRef} from 'react';
import {useRerenderAfter} from './use-coarse-clock.js';
import {useDetail, useDrift, useTree} from './use-monitor.js';
import {treeRowsOf, withDefaultOpen, type TreeScreenModel} from '../state/tree-nav.js';

type DetailScreenModel = {title: ReturnType<typeof detailTitle>; view: ReturnType<typeof detailView>};

export type OpenApp = {
	/** The app whose drift is followed (detail or diff on screen); null elsewhere. */
	driftId: string | null;
	drift: AppDriftState;
	/** The detail screen's lines, when it is on screen. */
	detail: DetailScreenModel | null;
	/** The open app's managed resources (its detail), once read; null before. */
	resources: readonly ManagedResource[] | null;
	/** The diff line model a state shows: the plan's in the dialog, else the open app's drift (fold applied). */
	diffFor: (state: UiState) => DiffModel | null;
	/** The open app's resource tree, followed while the tree screen is on view; null elsewhere. */
	tree: TreeScreenModel | null;
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

export function useOpenApp(
	monitor: Monitor,
	snapshot: MonitorSnapshot,
	state: UiState,
	screen: {width: number; now: number; settings: UiSettings},
): OpenApp {
	// The detail stays watched while a diff opened from it is shown, so going back is instant.
	const detailId = state.detail?.id ?? null;
	const detailState = useDetail(monitor, detailId);
	const driftId = state.screen === 'diff' ? (state.diff?.id ?? null) : state.screen === 'detail' ? detailId : null;
	const drift = useDrift(monitor, driftId);
	// Followed only while shown: the shared watches of owned children stop when no tree is open.
	const treeId = state.screen === 'tree' ? detailId : null;
	const treeState = useTree(monitor, treeId);
	const defaults = useRef<{id: string | null; open: ReadonlySet<string>}>({id: null, open: new Set()});
	if (defaults.current.id !== treeId) defaults.current = {id: treeId, open: new Set()};
	const open = withDefaultOpen(defaults.current.open, treeState.tree);
	defaults.current.open = open;
	const treeRows = useMemo(() => treeRowsOf(treeState.tree, open), [treeState.tree, open]);
	const tree = treeId === null ? null : {state: treeState, rows: treeRows};
	const current: AppSummary | undefined = detailId === null ? undefined : snapshot.apps.find(app => app.id === detailId);
	const {glyphs, ascii} = screen.settings;
	const detailInput =
		state.detail && state.screen === 'detail'
			? {
					app: current ?? state.detail.app,
					present: current !== undefined,
					state: detailState,
					drift,
					selected: state.detail.selected,
					progress: snapshot.actions?.[state.detail.id] ?? null,
					width: screen.width,
					now: screen.now,
					glyphs,
					ascii,
				}
			: null;
	const detail = detailInput ? {title: detailTitle(detailInput), view: detailView(detailInput)} : null;
	useRerenderAfter(
		detailInput && detail
			? Math.min(detail.title.validForMs, detail.view.validForMs, ageOf(detailInput.app.lastChange, screen.now).validForMs)
			: Number.POSITIVE_INFINITY,
	);

	// Built once per (report, fold) and only when asked for: keys just move a window over it. A function of
	// the state, so keys after `z` in the same input event already see the other fold.
	const diffModels = useDiffModels(drift.report);
	const planDiffModels = useDiffModels(state.confirm?.diff?.report ?? null);
	const diffFor = (at: UiState): DiffModel | null => {
		if (at.confirm?.diff) return at.confirm.diff.phase === 'ready' ? planDiffModels(at.confirm.diff.full) : null;
		return at.screen === 'diff' && at.diff && at.diff.id === driftId ? diffModels(at.diff.full) : null;
	};

	return {driftId, drift, detail, diffFor, tree, resources: detailState.detail?.resources ?? null};
}
