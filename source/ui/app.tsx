// Root component: wires the hooks (the monitor's snapshot, the open app's watches, the action runner, the key
// router) and picks the screen the state is on.
import {Box, useStdout} from 'ink';
import {useCallback, useMemo, useRef, useState} from 'react';
import type {Monitor, MonitorSnapshot} from '../core/monitor/monitor.js';
import {externalDiffSetting} from '../core/diff/external-diff.js';
import {hintsFor} from './commands/table.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {LineWidthContext, type Segment} from './components/line.js';
import {useActionRunner, type ExternalDiffTool} from './hooks/use-action-runner.js';
import {useAppChanges} from './hooks/use-app-changes.js';
import {useNow} from './hooks/use-coarse-clock.js';
import {useCommandEnv} from './hooks/use-command-env.js';
import {useSnapshot} from './hooks/use-monitor.js';
import {useOpenApp, type OpenApp} from './hooks/use-open-app.js';
import {useLogScreen, type LogScreenModel} from './hooks/use-log-screen.js';
import {useOpenFeed} from './hooks/use-open-feed.js';
import type {FeedLines} from './text/feed-lines.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useVisibleApps} from './hooks/use-visible-apps.js';
import {ConfirmScreen, confirmInput, PlanDiffScreen} from './screens/confirm-screen.js';
import {DetailScreen} from './screens/detail-screen.js';
import {DiffScreen} from './screens/diff-screen.js';
import {HelpOverlay} from './screens/help-screen.js';
import {screenLayout, scrollRows, type ScreenLayout} from './screens/layout.js';
import {ListScreen} from './screens/list-screen.js';
import {TreeScreen} from './screens/tree-screen.js';
import {LogScreen} from './screens/log-screen.js';
import {diffPosition, topOf} from './state/diff-nav.js';
import {effectiveFilter, initialUiState, screenOf, type UiState} from './state/ui-state.js';
import {UiContext, uiSettings, type UiSettings} from './style/ui-context.js';
import {confirmView} from './text/confirm-lines.js';
import {diffEmptyLines, diffTitle} from './text/diff-lines.js';
import type {AppSummary} from '../core/apps/model.js';
import type {NotifyMode, TerminalEnv} from '../core/notify/terminal-signals.js';

export type UiOptions = {
	ascii: boolean;
	color: boolean;
	/**
	 * External diff tool and the variable it came from; taken from the environment when absent, null: none.
	 * `interactive` (the tool takes the terminal) and `pager` (for a tool that prints) default to what the
	 * environment says (isInteractiveDiff, pagerCommand).
	 */
	externalDiff?: ExternalDiffTool | null;
	/** How a new Degraded/OutOfSync app is signalled (config `notify:`); default the bell. */
	notify?: NotifyMode;
	/**
	 * Where the bytes beyond the frame go (bell, OSC 9/777 notification, OSC 52 clipboard); default the terminal Ink
	 * draws on. They move no cursor, so they can be written between frames.
	 */
	terminalWrite?: (text: string) => void;
	/** What decides their form ($TMUX, $TERM, $VTE_VERSION); default the process environment. */
	terminalEnv?: TerminalEnv;
};

export type AppProps = {
	monitor: Monitor;
	options: UiOptions;
	/** Terminal size; taken from the terminal (and its resizes) when absent. */
	width?: number;
	height?: number;
	onQuit?: () => void;
};

export function App(props: AppProps): React.JSX.Element {
	const {monitor, options} = props;
	const {ascii, color} = options;
	const settings = useMemo(() => uiSettings({ascii, color}), [ascii, color]);
	const windowSize = useTerminalSize();
	const snapshot = useSnapshot(monitor);
	const [externalTool] = useState<UiOptions['externalDiff']>(() =>
		options.externalDiff === undefined ? externalDiffSetting(process.env) : options.externalDiff,
	);
	const [state, setState] = useState<UiState>(() => ({...initialUiState, externalDiff: externalTool?.command ?? null}));
	// Keys of one input event are applied in sequence before React re-renders.
	const stateRef = useRef(state);
	stateRef.current = state;
	const now = useNow();

	// The dialog gets the rows the fleet counts would take: what it says must fit before y can run it.
	const layout = screenLayout(
		props.width ?? windowSize.columns,
		props.height ?? windowSize.rows,
		snapshot.fatal !== null,
		state.confirm !== null,
	);
	const visible = useVisibleApps(snapshot.apps);
	const open = useOpenApp(monitor, snapshot, state, {width: layout.width, now, settings});
	const feed = useOpenFeed(monitor, snapshot, state, {width: layout.width, now, settings});
	const runner = useActionRunner(monitor, externalTool, stateRef, setState);
	const logScreen = useLogScreen(monitor, state.screen === 'logs' ? state.logs : null, open.resources, layout);
	const {stdout} = useStdout();
	const terminalWrite = useCallback(
		(text: string) => (options.terminalWrite ? options.terminalWrite(text) : stdout.write(text)),
		[options.terminalWrite, stdout],
	);
	const terminalEnv = options.terminalEnv ?? process.env;
	const changes = useAppChanges(monitor, snapshot, state.detail?.id ?? null, {
		mode: options.notify ?? 'bell',
		write: terminalWrite,
		env: terminalEnv,
	});
	const {env, disabled, help} = useCommandEnv(
		{
			state,
			monitor,
			snapshot,
			visible,
			layout,
			open,
			feed,
			logs: logScreen?.env ?? null,
			runner,
			settings,
			onQuit: props.onQuit,
			changes,
			terminalWrite,
			terminalEnv,
		},
		stateRef,
		setState,
	);

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
						contextOnly={state.contextOnly ?? null}
						shown={visible(state).length}
						changes={changes.shown}
						width={layout.width}
						lines={layout.headerLines}
					/>
					<Body
						state={state}
						snapshot={snapshot}
						apps={visible(state)}
						open={open}
						logScreen={logScreen}
						feed={feed}
						help={help}
						layout={layout}
						settings={settings}
					/>
					<Box flexGrow={1} />
					{layout.footerLines > 0 ? (
						<Footer state={state} hints={hintsFor(state, env, settings.glyphs, state.help ? undefined : disabled)} width={layout.width} />
					) : null}
				</Box>
			</LineWidthContext.Provider>
		</UiContext.Provider>
	);
}

/** The screen the state is on (a line being typed shows over the screen it was opened on). */
function Body(props: {
	state: UiState;
	snapshot: MonitorSnapshot;
	apps: readonly AppSummary[];
	open: OpenApp;
	logScreen: LogScreenModel | null;
	feed: FeedLines | null;
	help: readonly Segment[][];
	layout: ScreenLayout;
	settings: UiSettings;
}) {
	const {state, snapshot, open, layout, settings} = props;
	const {confirm, diff} = state;
	const size = {width: layout.width, height: layout.bodyLines, rows: scrollRows(layout)};
	switch (screenOf(state)) {
		case 'confirm-diff':
		case 'confirm': {
			if (!confirm) break;
			const input = confirmInput(confirm, snapshot, layout.width, settings);
			if (confirm.diff) return <PlanDiffScreen input={input} model={open.diffFor(state)} size={size} />;
			return <ConfirmScreen view={confirmView(input)} confirm={confirm} size={size} settings={settings} />;
		}

		case 'help': {
			return <HelpOverlay lines={props.help} scroll={state.helpScroll} width={layout.width} height={layout.bodyLines} />;
		}

		case 'events':
		case 'timeline':
		case 'sources': {
			const {feed} = props;
			if (!feed || !state.feed) break;
			return (
				<DetailScreen title={feed.title} lines={feed.lines} scroll={state.feed.scroll} width={layout.width} height={layout.bodyLines} />
			);
		}

		case 'diff': {
			const model = open.diffFor(state);
			if (!model || !diff) break;
			const app = snapshot.apps.find(candidate => candidate.id === diff.id) ?? diff.app;
			const top = topOf(model, diff.cursor);
			const position = model.resources.length > 0 ? diffPosition(model, top) : null;
			const {glyphs, ascii} = settings;
			return (
				<DiffScreen
					title={diffTitle({app, drift: open.drift, position, full: diff.full, width: layout.width}, glyphs, ascii)}
					model={model}
					empty={model.lines.length === 0 ? diffEmptyLines(open.drift, glyphs, ascii) : null}
					top={top}
					width={layout.width}
					height={layout.bodyLines}
				/>
			);
		}

		case 'detail': {
			const {detail} = open;
			const shown = state.detail;
			if (!detail || !shown) break;
			const selected = detail.view.targets.find(target => target.key === shown.selected)?.line ?? null;
			return (
				<DetailScreen
					title={detail.title.segments}
					lines={detail.view.lines}
					scroll={shown.scroll}
					selected={selected}
					width={layout.width}
					height={layout.bodyLines}
				/>
			);
		}

		case 'tree': {
			const {tree} = open;
			const shown = state.detail;
			if (!tree || !shown || !state.tree) break;
			const app = snapshot.apps.find(candidate => candidate.id === shown.id) ?? shown.app;
			return <TreeScreen app={app} model={tree} view={state.tree} settings={settings} width={layout.width} height={layout.bodyLines} />;
		}

		case 'logs':
		case 'log-picker': {
			const {logScreen} = props;
			if (!logScreen || !state.logs) break;
			return (
				<LogScreen
					title={logScreen.title}
					logs={state.logs}
					layout={logScreen.layout}
					empty={logScreen.empty}
					picker={logScreen.picker}
					width={layout.width}
					height={layout.bodyLines}
				/>
			);
		}

		case 'list': {
			break;
		}
	}

	return <ListScreen snapshot={snapshot} apps={props.apps} state={state} width={layout.width} lines={layout.bodyLines} />;
}
