import {Box} from 'ink';
import {useMemo} from 'react';
import type {AppSummary} from '../core/apps/model.js';
import type {MonitorSnapshot} from '../core/apps/store.js';
import {AppRow, columnHeadings} from './app-row.js';
import {appColumns} from './columns.js';
import {ageOf, oneLine} from './format.js';
import {Line} from './line.js';
import {useNow} from './use-coarse-clock.js';
import {useUi} from './ui-context.js';
import {cursorIndex, effectiveFilter, windowTop, type UiState} from './ui-state.js';

export type ListScreenProps = {
	snapshot: MonitorSnapshot;
	/** Filtered and sorted. */
	apps: readonly AppSummary[];
	state: UiState;
	width: number;
	/** Lines for the heading plus rows. */
	lines: number;
};

function emptyMessage(props: ListScreenProps, ascii: boolean): string {
	const {snapshot} = props;
	const filter = effectiveFilter(props.state);
	if (snapshot.apps.length > 0 && filter) return `No apps match "${oneLine(filter, ascii)}" (esc clears the filter)`;
	if (snapshot.fatal) return 'No apps: see the error above.';
	if (snapshot.notice) return oneLine(snapshot.notice, ascii);
	if (snapshot.updatedAt === null && snapshot.sources.every(source => source.lastUpdated === null)) {
		return ascii ? 'Loading apps...' : 'Loading apps…';
	}

	const scope = snapshot.namespace === null ? 'any namespace you can list' : `namespace ${snapshot.namespace}`;
	return `No Argo CD or Flux apps found in ${scope}.`;
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
	const columns = useMemo(() => appColumns(props.width, apps), [props.width, apps]);
	const heading = useMemo(() => columnHeadings(columns), [columns]);
	if (props.lines <= 0) return null;
	return (
		<Box flexDirection="column" width={props.width} height={props.lines} flexShrink={0}>
			<Line segments={heading} />
			{shown.length === 0 && rows > 0 ? (
				<Line segments={[{text: emptyMessage(props, ascii), tone: props.snapshot.fatal ? 'error' : 'muted'}]} />
			) : (
				shown.map((app, index) => (
					<AppRow
						key={app.id}
						app={app}
						columns={columns}
						selected={top + index === cursor}
						age={ageOf(app.lastChange, now).text}
						progress={props.snapshot.actions?.[app.id] ?? null}
					/>
				))
			)}
		</Box>
	);
}
