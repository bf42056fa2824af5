// Mounts <App> with ink-testing-library (100 columns, no rows) and a static monitor.
import {render} from 'ink-testing-library';
import type {AppDetail} from '../../source/core/apps/detail.js';
import type {AppDriftState} from '../../source/core/apps/drift-state.js';
import type {MonitorSnapshot} from '../../source/core/monitor/monitor.js';
import {App, type UiOptions} from '../../source/ui/app.js';
import {ClockContext, type Clock} from '../../source/ui/hooks/use-coarse-clock.js';
import {createStaticMonitor, type StaticActions, type StaticMonitor} from '../support/static-monitor.js';
import {waitFor} from '../support/wait-for.js';

export type Mounted = {
	monitor: StaticMonitor;
	frames: string[];
	frame: () => string;
	/** Send keys as one input event (like a paste or tmux send-keys). */
	press: (keys: string) => void;
	/** Wait until the last frame satisfies `check`; the error shows the frame. */
	until: (check: (frame: string) => boolean, what?: string) => Promise<string>;
	quits: () => number;
	unmount: () => void;
};

export async function mountApp(
	snapshot: Partial<MonitorSnapshot>,
	setup: {
		details?: Record<string, AppDetail>;
		drifts?: Record<string, AppDriftState>;
		/** Which actions each app offers, the plans and the outcomes. */
		actions?: StaticActions;
		options?: Partial<UiOptions>;
		width?: number;
		height?: number;
		/** The clock time labels follow (default: the minute-aligned wall clock). */
		clock?: Clock;
	} = {},
): Promise<Mounted> {
	const monitor = createStaticMonitor(snapshot, setup.details, setup.drifts, setup.actions);
	let quitCount = 0;
	// No external diff tool unless a test asks for one, whatever the developer's environment says.
	const options: UiOptions = {ascii: false, color: false, externalDiff: null, ...setup.options};
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
	const until = async (check: (frame: string) => boolean, what = 'frame condition') => {
		// Boxed, so an empty frame (after exit) still counts as a result.
		const found = await waitFor(
			() => check(frame()) && {frame: frame()},
			2000,
			() => `${what}; last frame:\n${frame()}`,
		);
		return found.frame;
	};
	await until(text => text.length > 0, 'first frame');
	return {
		monitor,
		frames: instance.frames,
		frame,
		press: keys => instance.stdin.write(keys),
		until,
		quits: () => quitCount,
		unmount: () => {
			instance.unmount();
			instance.cleanup();
		},
	};
}

/** The line of the frame showing `name` as an app row. */
export function rowOf(frame: string, name: string): string | undefined {
	return frame.split('\n').find(line => new RegExp(`^[> ][ ◌*]\\S \\S ${name}\\b`).test(line));
}

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
