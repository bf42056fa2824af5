// The real App rendered with ink-testing-library on a live monitor, and waits on what it shows.
import {render} from 'ink-testing-library';
import type {LiveMonitor} from '../../../source/core/monitor/live-monitor.js';
import {App} from '../../../source/ui/app.js';
import {waitFor} from '../../support/wait-for.js';

export type Screen = {
	frame: () => string;
	press: (keys: string) => void;
	until: (check: (frame: string) => boolean, what: string, timeoutMs?: number) => Promise<string>;
	unmount: () => void;
};

export function showApp(monitor: LiveMonitor, size: {width: number; height: number} = {width: 100, height: 30}): Screen {
	const instance = render(
		<App monitor={monitor} options={{ascii: false, color: false, externalDiff: null}} width={size.width} height={size.height} />,
	);
	const frame = () => instance.lastFrame() ?? '';
	return {
		frame,
		press: keys => instance.stdin.write(keys),
		until: async (check, what, timeoutMs = 10_000) => {
			await waitFor(
				() => check(frame()),
				timeoutMs,
				() => `${what}; last frame:\n${frame()}`,
			);
			return frame();
		},
		unmount: () => {
			instance.unmount();
			instance.cleanup();
		},
	};
}

/** The list row of app `name` (cursor, sync glyph, health glyph, name). */
export function rowOf(frame: string, name: string): string | undefined {
	return frame.split('\n').find(line => new RegExp(`^[> ][ ◌*]\\S \\S ${name}\\b`).test(line));
}
