// The real <App> rendered with ink-testing-library, for UI tests (a static monitor) and integration tests
// (a live monitor on a backend): one way to mount it, press keys and wait for what the frame shows.
// Nothing here sleeps: every wait polls the last frame for a condition and fails showing that frame.
import {render} from 'ink-testing-library';
import type {AppDetail} from '../../source/core/apps/detail.js';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import type {OwnedObject} from '../../source/core/tree/resource-tree.js';
import {App, type AppProps, type UiOptions} from '../../source/ui/app.js';
import {type Clock, ClockContext} from '../../source/ui/hooks/use-coarse-clock.js';
import {createStaticMonitor, type StaticActions, type StaticFeeds, type StaticMonitor} from './static-monitor.js';
import type {StaticLogSource} from './static-logs.js';
import {waitFor} from './wait-for.js';

export type AppScreen = {
	/** Every frame Ink wrote, oldest first. */
	frames: string[];
	frame: () => string;
	/** Send keys as one input event (like a paste or tmux send-keys). */
	press: (keys: string) => void;
	/** Wait until the last frame satisfies `check`; the error shows the frame. */
	until: (check: (frame: string) => boolean, what?: string, timeoutMs?: number) => Promise<string>;
	/** How many times the App asked to quit. */
	quits: () => number;
	/** What the App wrote to the terminal beyond its frames (bell, OSC 9/777, OSC 52), oldest first. */
	signals: () => readonly string[];
	unmount: () => void;
};

export type AppSetup = {
	options?: Partial<UiOptions>;
	width?: number;
	height?: number;
	/** The clock time labels follow (default: the minute-aligned wall clock). */
	clock?: Clock;
	/** How long `until` waits unless a call says otherwise. */
	timeoutMs?: number;
};

/** Render the App over any monitor. */
export function renderApp(monitor: AppProps['monitor'], setup: AppSetup = {}): AppScreen {
	let quitCount = 0;
	const signals: string[] = [];
	// No external diff tool unless a test asks for one, whatever the developer's environment says; the bytes beyond
	// the frame recorded, outside tmux, whatever the test runner's terminal is.
	const options: UiOptions = {
		ascii: false,
		color: false,
		externalDiff: null,
		terminalWrite: text => signals.push(text),
		terminalEnv: {},
		...setup.options,
	};
	const app = (
		<App
			monitor={monitor}
			options={options}
			width={setup.width ?? 100}
			height={setup.height ?? 24}
			onQuit={() => {
				quitCount++;
			}}
		/>
	);
	const instance = render(setup.clock ? <ClockContext.Provider value={setup.clock}>{app}</ClockContext.Provider> : app);
	const frame = () => instance.lastFrame() ?? '';
	const defaultTimeout = setup.timeoutMs ?? 2000;
	return {
		frames: instance.frames,
		frame,
		press: keys => instance.stdin.write(keys),
		until: async (check, what = 'frame condition', timeoutMs = defaultTimeout) => {
			// Boxed, so an empty frame (after exit) still counts as a result.
			const found = await waitFor(
				() => check(frame()) && {frame: frame()},
				timeoutMs,
				() => `${what}; last frame:\n${frame()}`,
			);
			return found.frame;
		},
		quits: () => quitCount,
		signals: () => signals,
		unmount: () => {
			instance.unmount();
			instance.cleanup();
		},
	};
}

export type Mounted = AppScreen & {monitor: StaticMonitor};

/** The App over a static monitor showing `snapshot` (100×24 unless asked), once its first frame is drawn. */
export async function mountApp(
	snapshot: Partial<MonitorSnapshot>,
	setup: AppSetup & {
		details?: Record<string, AppDetail>;
		drifts?: Record<string, AppDriftState>;
		/** Which actions each app offers, the plans and the outcomes. */
		actions?: StaticActions;
		/** Events (by app id) and timelines (by app id, '*': all apps) the monitor answers. */
		feeds?: StaticFeeds;
		/** Owned children (ReplicaSets, Pods…) of each app's resource tree. */
		owned?: Record<string, OwnedObject[]>;
		/** The pods and log lines the log view reads. */
		logs?: StaticLogSource;
	} = {},
): Promise<Mounted> {
	const monitor = createStaticMonitor(snapshot, setup.details, setup.drifts, setup.actions, setup.feeds, setup.owned, setup.logs);
	const screen = renderApp(monitor, setup);
	await screen.until(text => text.length > 0, 'first frame');
	return {...screen, monitor};
}

/**
 * The App over a live monitor on a real backend (100×30 unless asked). Waits default to 10 s: a live
 * monitor lists, watches and renders desired state over HTTP before the frame can show it.
 */
export function showApp(monitor: AppProps['monitor'], size: {width: number; height: number} = {width: 100, height: 30}): AppScreen {
	return renderApp(monitor, {...size, timeoutMs: 10_000});
}

/** The list row of app `name` (cursor, sync glyph, health glyph, name). */
export function rowOf(frame: string, name: string): string | undefined {
	return frame.split('\n').find(line => new RegExp(`^[> ][ ◌*]\\S \\S ${name}\\b`).test(line));
}

/** The list row under the cursor. */
export function selectedRow(frame: string): string | undefined {
	return frame.split('\n').find(line => /^>[ ◌*]/.test(line));
}

export const keys = {
	enter: '\r',
	escape: '\u001B',
	down: '\u001B[B',
	up: '\u001B[A',
	pageDown: '\u001B[6~',
	ctrlC: '\u0003',
	tab: '\t',
	backspace: '\u007F',
};
