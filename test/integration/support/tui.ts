// A suite of TUI tests on live monitors over the test backend: the integration fixture (server, git, monitors)
// started and seeded in `before`, the screen each test shows unmounted after it, everything closed in `after`.
import {after, afterEach, before} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {LiveMonitor} from '../../../source/core/monitor/live-monitor.js';
import type {TestBackend} from '../../support/backend.js';
import {showApp, type AppScreen} from '../../support/app-harness.js';
import {type Integration, startIntegration} from './fixture.js';
import type {Monitors} from './live.js';

export type TuiSuite = {
	readonly fixture: Integration;
	readonly backend: TestBackend;
	readonly monitors: Monitors;
	/** The App on `monitor`, unmounted when the test ends. */
	show(monitor: LiveMonitor, size?: {width: number; height: number}): AppScreen;
};

/** Call inside a describe; `seed` writes the suite's objects once the server is up. */
export function tuiSuite(seed: (kc: KubeConfig, fixture: Integration) => Promise<void>): TuiSuite {
	let fixture: Integration | undefined;
	let screen: AppScreen | undefined;
	const started = () => {
		if (!fixture) throw new Error('the TUI suite starts in before()');
		return fixture;
	};
	before(async () => {
		fixture = await startIntegration();
		await seed(fixture.kc, fixture);
	});
	afterEach(() => {
		screen?.unmount();
		screen = undefined;
	});
	after(async () => {
		await fixture?.close();
	});
	return {
		get fixture() {
			return started();
		},
		get backend() {
			return started().backend;
		},
		get monitors() {
			return started().monitors;
		},
		show(monitor, size) {
			screen = showApp(monitor, size);
			return screen;
		},
	};
}
