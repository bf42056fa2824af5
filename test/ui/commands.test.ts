import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {
	commands,
	completePaletteLine,
	dispatchKeys,
	hintsFor,
	noExternalDiffNotice,
	type CommandEnv,
} from '../../source/ui/commands/table.js';
import {startCursor} from '../../source/ui/state/diff-nav.js';
import {unicodeGlyphs} from '../../source/ui/style/glyphs.js';
import {keyMatches, toKeystrokes} from '../../source/ui/commands/keys.js';
import {visibleApps} from '../../source/ui/state/selectors.js';
import {cursorIndex, effectiveFilter, initialUiState, type Mode, type UiState} from '../../source/ui/state/ui-state.js';
import {createStaticMonitor} from '../support/static-monitor.js';
import {fleet, manyApps} from './fixtures.js';

function key(flags: Partial<Key> = {}): Key {
	return {
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...flags,
	};
}

describe('toKeystrokes', () => {
	test('one input event with several characters becomes several keystrokes', () => {
		assert.deepEqual(toKeystrokes('jjj', key()), [
			{type: 'char', char: 'j'},
			{type: 'char', char: 'j'},
			{type: 'char', char: 'j'},
		]);
		assert.deepEqual(toKeystrokes('ns\r', key()), [
			{type: 'char', char: 'n'},
			{type: 'char', char: 's'},
			{type: 'name', name: 'return'},
		]);
	});

	test('named keys and ctrl chords', () => {
		assert.deepEqual(toKeystrokes('', key({downArrow: true})), [{type: 'name', name: 'down'}]);
		assert.deepEqual(toKeystrokes('', key({escape: true, meta: true})), [{type: 'name', name: 'escape'}]);
		assert.deepEqual(toKeystrokes('c', key({ctrl: true})), [{type: 'ctrl', char: 'c'}]);
		assert.deepEqual(toKeystrokes('', key({delete: true})), [{type: 'name', name: 'backspace'}]);
	});
});

describe('command table', () => {
	const modes: Mode[] = ['list', 'detail', 'tree', 'diff', 'help', 'filter', 'palette'];

	test('no key is bound twice in one mode', () => {
		for (const mode of modes) {
			const inMode = commands.filter(command => command.modes.includes(mode));
			for (const [index, command] of inMode.entries()) {
				for (const other of inMode.slice(index + 1)) {
					for (const spec of command.keys) {
						assert.ok(!other.keys.some(otherSpec => keyMatches(otherSpec, spec)), `${command.id} and ${other.id} share a key in ${mode}`);
					}
				}
			}
		}
	});

	test('every command is described and reachable by a key or the palette', () => {
		const paletteNames = new Set<string>();
		for (const command of commands) {
			assert.ok(command.description.length > 3, command.id);
			assert.ok(command.keys.length > 0 || command.palette, `${command.id} is unreachable`);
			for (const name of [command.palette?.name, ...(command.palette?.aliases ?? [])]) {
				if (!name) continue;
				assert.ok(!paletteNames.has(name), `palette name ${name} used twice`);
				paletteNames.add(name);
			}
		}
	});

	test('nothing destructive sits on ctrl-d / ctrl-k: ctrl-d only pages', () => {
		const ctrlD = commands.filter(command => command.keys.some(spec => spec.type === 'ctrl' && spec.char === 'd'));
		assert.deepEqual(
			ctrlD.map(command => command.id),
			['page-down'],
		);
		assert.ok(!commands.some(command => command.keys.some(spec => spec.type === 'ctrl' && spec.char === 'k')));
	});
});

function makeEnv(monitor = createStaticMonitor({apps: fleet(), contexts: ['prod-eu', 'staging']})): CommandEnv {
	const snapshot = monitor.store.getSnapshot();
	return {
		monitor,
		snapshot,
		visible: (state: UiState) => visibleApps(snapshot.apps, effectiveFilter(state), state.sort),
		listRows: 10,
		scrollRows: 10,
		detailLineCount: 0,
		helpLineCount: 0,
		detailTargets: [],
		logs: null,
		drift: null,
		diff: () => null,
		runExternalDiff: () => {},
		planAction: () => {},
		runAction: () => {},
		planDiff: () => {},
		confirmView: () => null,
		quit: () => {},
		copyText: () => {},
		changeCount: 0,
		acknowledgeChanges: () => {},
	};
}

describe('dispatchKeys', () => {
	test('keys typed after "/" are filter text, not commands', () => {
		const env = makeEnv();
		const state = dispatchKeys(initialUiState, toKeystrokes('/sq\u007Fhop\r', key()), env);
		assert.equal(state.filter, 'shop');
		assert.equal(state.input, null);
	});

	test('a page of moves stops at the last app', () => {
		const monitor = createStaticMonitor({apps: manyApps(25)});
		const env = makeEnv(monitor);
		let state = dispatchKeys(initialUiState, toKeystrokes('', key({pageDown: true})), env);
		assert.equal(cursorIndex(state, env.visible(state)), 10);
		state = dispatchKeys(state, toKeystrokes('G', key()), env);
		assert.equal(cursorIndex(state, env.visible(state)), 24);
		assert.equal(state.listTop, 15);
		state = dispatchKeys(state, toKeystrokes('jjj', key()), env);
		assert.equal(cursorIndex(state, env.visible(state)), 24);
	});
});

describe('palette completion', () => {
	const env = makeEnv();

	test('completes command names, then their arguments', () => {
		assert.equal(completePaletteLine('c', env), 'ctx ');
		assert.equal(completePaletteLine('ctx st', env), 'ctx staging');
		assert.equal(completePaletteLine('ns ob', env), 'ns observability');
		assert.equal(completePaletteLine('ns a', env), 'ns all');
	});

	test('leaves the line alone when nothing matches', () => {
		assert.equal(completePaletteLine('ctx zzz', env), 'ctx zzz');
		assert.equal(completePaletteLine('zz', env), 'zz');
	});
});

describe('disabled commands', () => {
	test('a disabled command is not hinted, and its key says why instead of doing nothing', () => {
		const env = makeEnv();
		const app = env.snapshot.apps[0]!;
		const onDiff: UiState = {...initialUiState, screen: 'diff', diff: {id: app.id, app, from: 'list', full: false, cursor: startCursor}};
		const words = (state: UiState, on: CommandEnv) => hintsFor(state, on, unicodeGlyphs).map(hint => `${hint.key} ${hint.word}`);
		assert.ok(!words(onDiff, env).includes('x external'));
		assert.equal(dispatchKeys(onDiff, toKeystrokes('x', key()), env).notice?.text, noExternalDiffNotice);
		const withTool = {...onDiff, externalDiff: 'diff -u -N'};
		assert.ok(words(withTool, env).includes('x external'));

		// Read-only has one source, the snapshot (--readonly or the config).
		const readonly = {...env, snapshot: {...env.snapshot, readonly: true}};
		assert.ok(!words(initialUiState, readonly).some(word => word.startsWith('S ')));
		const pressed = dispatchKeys(initialUiState, toKeystrokes('S', key()), readonly);
		assert.equal(pressed.notice?.text, 'read-only context: actions are off');
		assert.equal(pressed.confirm, null);
	});

	test('in the detail, ] is hinted only once the drift lists drifted resources; before, it says so', () => {
		const env = makeEnv();
		const app = env.snapshot.apps[0]!;
		const onDetail: UiState = {...initialUiState, screen: 'detail', detail: {id: app.id, app, scroll: 0, selected: null}};
		const words = (on: CommandEnv) => hintsFor(onDetail, on, unicodeGlyphs).map(hint => `${hint.key} ${hint.word}`);
		assert.ok(!words(env).includes('] next res'));
		assert.equal(dispatchKeys(onDetail, toKeystrokes(']', key()), env).notice?.text, 'no drifted resources');

		const withDrift = {...env, detailLineCount: 20, detailTargets: [{key: 'apps/Deployment/shop/web', line: 12}]};
		assert.ok(words(withDrift).includes('] next res'));
		assert.equal(dispatchKeys(onDetail, toKeystrokes(']', key()), withDrift).detail?.selected, 'apps/Deployment/shop/web');
	});
});
