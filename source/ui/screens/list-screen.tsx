import {Box} from 'ink';
import {useMemo, useRef} from 'react';
import type {AppSummary} from '../../core/apps/model.js';
import type {MonitorSnapshot} from '../../core/monitor/monitor.js';
import {AppRow, columnHeadings} from '../components/app-row.js';
import {appColumns, type AppColumns} from '../text/columns.js';
import {paletteWord} from '../commands/table.js';
import {ageOf, changeTime, oneLine} from '../text/format.js';
import {Line} from '../components/line.js';
import {contextLabels} from '../text/context-label.js';
import {useNow} from '../hooks/use-coarse-clock.js';
import {useUi} from '../style/ui-context.js';
import {unreadPhases} from '../../core/kube/source-state.js';
import {notLiveRows} from '../state/selectors.js';
import {cursorIndex, effectiveFilter, windowTop, type UiState} from '../state/ui-state.js';

type ListScreenProps = {
	snapshot: MonitorSnapshot;
	/** Filtered and sorted. */
	apps: readonly AppSummary[];
	state: UiState;
	width: number;
	/** Lines for the heading plus rows. */
	lines: number;
};

function emptyMessage(props: ListScreenProps, ascii: boolean, now: number): string {
	const {snapshot} = props;
	const filter = effectiveFilter(props.state);
	if (snapshot.apps.length > 0 && filter) return `No apps match "${oneLine(filter, ascii)}" (esc clears the filter)`;
	const into = props.state.into;
	if (snapshot.apps.length > 0 && into !== null) return `No apps deploy into ${oneLine(into, ascii)} (esc shows them all)`;
	const only = props.state.contextOnly ?? null;
	if (only !== null && snapshot.apps.length > 0) return `No apps in context ${oneLine(only, ascii)} (esc shows every context)`;
	if (snapshot.fatal) return 'No apps: see the error above.';
	// No apps because the cluster was not read is not "none there": name the problem and what is being done.
	const unread = snapshot.sources.find(source => unreadPhases.has(source.phase));
	if (unread) {
		const since = unread.since === undefined ? '' : ` since ${changeTime(unread.since, now)}`;
		const message = unread.message ? ` ${ascii ? '-' : '—'} ${oneLine(unread.message, ascii)}` : '';
		return `Cannot list apps: ${oneLine(unread.label, ascii)} ${unread.phase}${since}, retrying${message}`;
	}
	if (snapshot.namespaceMissing && snapshot.namespace !== null) {
		return `Namespace "${oneLine(snapshot.namespace, ascii)}" does not exist in context ${oneLine(snapshot.context, ascii)} (:ns all shows every namespace).`;
	}
	if (snapshot.notice) return oneLine(snapshot.notice, ascii);
	if (snapshot.updatedAt === null && snapshot.sources.every(source => source.lastUpdated === null)) {
		return ascii ? 'Loading apps...' : 'Loading apps…';
	}

	if (snapshot.namespace === null) return 'No Argo CD or Flux apps found in any namespace you can list.';
	// `:ns` is where the app objects live; what runs in a namespace is often defined elsewhere (argocd, flux-system).
	const namespace = oneLine(snapshot.namespace, ascii);
	return `No app objects in namespace ${namespace}. Apps that deploy into it: ${paletteWord('namespace')} all, then ${paletteWord('deploys-into')} ${namespace}`;
}

function sameColumns(a: AppColumns, b: AppColumns): boolean {
	return (Object.keys(a) as Array<keyof AppColumns>).every(key => a[key] === b[key]);
}

export function ListScreen(props: ListScreenProps) {
	const {ascii} = useUi();
	const now = useNow();
	const rows = Math.max(0, props.lines - 1);
	const {apps} = props;
	const cursor = cursorIndex(props.state, apps);
	const top = windowTop(props.state.listTop, cursor, rows, apps.length);
	// Only the rows on screen are rendered, whatever the number of apps.
	const shown = apps.slice(top, top + rows);
	// Widths follow the longest name etc. of all listed apps: computed once per list, not per key press.
	const watched = props.snapshot.watched;
	// Several contexts: a CONTEXT column of short names, each as loud as its context (production). Keyed by what
	// the cells show, not by the snapshot's array: every context's update makes a new one, and the column widths
	// (a pass over every app) follow the cells.
	const cellsKey = watched && watched.length > 1 ? watched.map(context => `${context.name}\u0000${context.production}`).join('\n') : '';
	// biome-ignore lint/correctness/useExhaustiveDependencies: cellsKey says everything the cells depend on
	const contextCells = useMemo(() => {
		if (!watched || watched.length < 2) return null;
		const labels = contextLabels(watched.map(context => context.name));
		return new Map(
			watched.map(context => [context.name, {label: oneLine(labels.get(context.name)!, ascii), production: context.production}]),
		);
	}, [cellsKey, ascii]);
	const labelList = useMemo(() => (contextCells ? [...contextCells.values()].map(cell => cell.label) : []), [contextCells]);
	const computed = useMemo(() => appColumns(props.width, apps, labelList), [props.width, apps, labelList]);
	// Same widths, same object: a filter or a watch event that leaves the widths alone re-renders no unchanged row.
	const previousColumns = useRef(computed);
	if (!sameColumns(previousColumns.current, computed)) previousColumns.current = computed;
	const columns = previousColumns.current;
	const heading = useMemo(() => columnHeadings(columns), [columns]);
	const notLive = useMemo(() => notLiveRows(props.snapshot.sources), [props.snapshot.sources]);
	if (props.lines <= 0) return null;
	return (
		<Box flexDirection="column" width={props.width} height={props.lines} flexShrink={0}>
			<Line segments={heading} />
			{shown.length === 0 && rows > 0 ? (
				<Line segments={[{text: emptyMessage(props, ascii, now), tone: props.snapshot.fatal ? 'error' : 'muted'}]} />
			) : (
				shown.map((app, index) => (
					<AppRow
						key={app.id}
						app={app}
						columns={columns}
						selected={top + index === cursor}
						notLive={notLive(app)}
						age={ageOf(app.lastChange, now).text}
						progress={props.snapshot.actions?.[app.id] ?? null}
						context={contextCells?.get(app.context) ?? null}
					/>
				))
			)}
		</Box>
	);
}
