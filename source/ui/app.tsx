// Root component: owns the UI state machine and the single key router.
import {Box, useApp, useInput, useStdin} from 'ink';
import {useCallback, useMemo, useRef, useState} from 'react';
import type {AppSummary} from '../core/apps/model.js';
import type {Monitor} from '../core/apps/monitor.js';
import {dispatchKeys, type CommandEnv} from './commands.js';
import {detailLines, detailTitle} from './detail-lines.js';
import {DetailScreen} from './detail-screen.js';
import {ageOf} from './format.js';
import {Footer} from './footer.js';
import {Header} from './header.js';
import {HelpOverlay, helpLines} from './help-overlay.js';
import {toKeystrokes} from './keys.js';
import {LineWidthContext} from './line.js';
import {listRows, screenLayout, scrollRows} from './layout.js';
import {ListScreen} from './list-screen.js';
import {visibleApps} from './selectors.js';
import {useNow, useRerenderAfter} from './use-coarse-clock.js';
import {useDetail, useSnapshot} from './use-monitor.js';
import {useTerminalSize} from './use-terminal-size.js';
import {UiContext, uiSettings} from './ui-context.js';
import {effectiveFilter, initialUiState, type UiState} from './ui-state.js';

export type UiOptions = {ascii: boolean; color: boolean; readonly?: boolean};

export type AppProps = {
	monitor: Monitor;
	options: UiOptions;
	/** Terminal size; taken from the terminal (and its resizes) when absent. */
	width?: number;
	height?: number;
	onQuit?: () => void;
};

/** Filter+sort results per (filter, sort) for one apps array, so a paste of keys re-sorts once. */
function useVisibleApps(apps: readonly AppSummary[]): (state: UiState) => readonly AppSummary[] {
	return useMemo(() => {
		const cache = new Map<string, AppSummary[]>();
		return (state: UiState) => {
			const filter = effectiveFilter(state);
			const key = `${state.sort}\u0000${filter}`;
			let result = cache.get(key);
			if (!result) {
				result = visibleApps(apps, filter, state.sort);
				cache.set(key, result);
			}

			return result;
		};
	}, [apps]);
}

export function App(props: AppProps): React.JSX.Element {
	const {monitor, options} = props;
	const settings = useMemo(() => uiSettings(options), [options.ascii, options.color, options.readonly]);
	const windowSize = useTerminalSize();
	const width = props.width ?? windowSize.columns;
	const height = props.height ?? windowSize.rows;
	const snapshot = useSnapshot(monitor);
	const [state, setState] = useState<UiState>(initialUiState);
	// Keys of one input event are applied in sequence before React re-renders.
	const stateRef = useRef(state);
	stateRef.current = state;
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const now = useNow();

	const layout = screenLayout(width, height, snapshot.fatal !== null);
	const visible = useVisibleApps(snapshot.apps);

	const detailId = state.screen === 'detail' ? (state.detail?.id ?? null) : null;
	const detailState = useDetail(monitor, detailId);
	const current = detailId === null ? undefined : snapshot.apps.find(app => app.id === detailId);
	const detailInput =
		state.detail && detailId !== null
			? {
					app: current ?? state.detail.app,
					present: current !== undefined,
					state: detailState,
					width: layout.width,
					now,
					glyphs: settings.glyphs,
					ascii: settings.ascii,
				}
			: null;
	const detail = detailInput ? {title: detailTitle(detailInput), lines: detailLines(detailInput)} : null;
	useRerenderAfter(
		detailInput
			? Math.min(detail?.title.validForMs ?? Infinity, ageOf(detailInput.app.lastChange, now).validForMs)
			: Number.POSITIVE_INFINITY,
	);
	const help = useMemo(() => helpLines(settings.glyphs), [settings]);

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
		detailLineCount: detail?.lines.length ?? 0,
		helpLineCount: help.length,
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
	if (state.help) {
		body = <HelpOverlay lines={help} scroll={state.helpScroll} width={layout.width} height={layout.bodyLines} />;
	} else if (detail && state.detail) {
		body = (
			<DetailScreen
				title={detail.title.segments}
				lines={detail.lines}
				scroll={state.detail.scroll}
				width={layout.width}
				height={layout.bodyLines}
			/>
		);
	} else {
		body = (
			<ListScreen snapshot={snapshot} apps={visible(state)} state={state} width={layout.width} lines={layout.bodyLines} />
		);
	}

	return (
		<UiContext.Provider value={settings}>
			<LineWidthContext.Provider value={layout.width}>
			<Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
				<Header
					snapshot={snapshot}
					sort={state.sort}
					filter={effectiveFilter(state)}
					shown={visible(state).length}
					width={layout.width}
					lines={layout.headerLines}
				/>
				{body}
				<Box flexGrow={1} />
				{layout.footerLines > 0 ? <Footer state={state} width={layout.width} /> : null}
			</Box>
			</LineWidthContext.Provider>
		</UiContext.Provider>
	);
}
