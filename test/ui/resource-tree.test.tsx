// `t` in the detail: the app as a tree of its resources and what they own, the worst node's path open, keys to
// move and fold, live updates, 80×24 and ASCII.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import type {OwnedObject} from '../../source/core/tree/resource-tree.js';
import {keys, type Mounted} from '../support/app-harness.js';
import {fleet} from './fixtures.js';
import {openFrontendTree, ownedChild} from './node-fixtures.js';

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const frontendId = fleet()[0]!.id;
const right = '\u001B[C';
const left = '\u001B[D';

const owned = ownedChild;

const healthy = {status: 'Healthy' as const, message: ''};
const crashing = {status: 'Degraded' as const, message: 'back-off 5m0s restarting failed container=cache'};

function children(): OwnedObject[] {
	return [
		owned('ReplicaSet', 'frontend-web-7d9f', {kind: 'Deployment', name: 'frontend-web'}, healthy),
		owned('ReplicaSet', 'frontend-web-5c8f', {kind: 'Deployment', name: 'frontend-web'}, healthy, true),
		owned('Pod', 'frontend-web-7d9f-abcde', {kind: 'ReplicaSet', name: 'frontend-web-7d9f'}, healthy),
		owned('Pod', 'frontend-cache-0', {kind: 'StatefulSet', name: 'frontend-cache'}, healthy),
		owned('Pod', 'frontend-cache-1', {kind: 'StatefulSet', name: 'frontend-cache'}, crashing),
	];
}

async function openTree(setup: {width?: number; height?: number; ascii?: boolean} = {}): Promise<Mounted> {
	mounted = await openFrontendTree(children(), text => text.includes('resource tree') && text.includes('frontend-cache-1'), {
		width: setup.width ?? 80,
		height: setup.height ?? 24,
		...(setup.ascii ? {options: {ascii: true}} : {}),
	});
	return mounted;
}

/** The row under the cursor: the one the > mark starts. */
function selectedLine(frame: string): string {
	return frame.split('\n').find(line => line.startsWith('>')) ?? '';
}

describe('resource tree (t in the detail)', () => {
	test('opens on the worst node: its path open, the rest closed; fits 80×24', async () => {
		const ui = await openTree();
		const frame = ui.frame();
		const lines = frame.split('\n');
		assert.ok(lines.length <= 24, frame);
		assert.ok(
			lines.every(line => [...line].length <= 80),
			frame,
		);
		assert.ok(lines.includes(' ├── ▸ ✓ Deployment/frontend-web'), frame);
		assert.ok(lines.includes(' ├──     Service/frontend-svc'), frame);
		assert.ok(lines.includes(' └── ▾ ✗ StatefulSet/frontend-cache ↻  Degraded Waiting for 2 pods to be ready'), frame);
		assert.ok(lines.includes('     ├──   ✓ Pod/frontend-cache-0'), frame);
		assert.match(selectedLine(frame), /^> {4}└── {3}✗ Pod\/frontend-cache-1 {2}Degraded back-off 5m0s restarting/);
		// The Deployment's children stay closed until asked for.
		assert.ok(!frame.includes('frontend-web-7d9f'), frame);
		assert.match(frame, /t detail/);
	});

	test('j/k move the selection; Enter and arrows open and close; old ReplicaSets are folded', async () => {
		const ui = await openTree();
		// From the crash-looping pod up to the Deployment: cache-0, StatefulSet, Service, Deployment.
		ui.press('kkkk');
		assert.match(selectedLine(await ui.until(text => selectedLine(text).includes('Deployment'))), /Deployment\/frontend-web/);
		ui.press(right);
		let frame = await ui.until(text => text.includes('ReplicaSet/frontend-web-7d9f'), 'Deployment opened');
		assert.ok(frame.includes('1 old ReplicaSet (0 replicas)'), frame);
		assert.ok(!frame.includes('frontend-web-5c8f'), 'folded');
		// Down to the folded line, open it.
		ui.press('jj');
		ui.press(keys.enter);
		frame = await ui.until(text => text.includes('ReplicaSet/frontend-web-5c8f'), 'folded ReplicaSets opened');
		// Left on an open node closes it; left again goes to the parent.
		ui.press(left);
		frame = await ui.until(text => !text.includes('ReplicaSet/frontend-web-5c8f'), 'closed again');
		ui.press(left);
		ui.press(left);
		frame = await ui.until(text => !text.includes('ReplicaSet/frontend-web-7d9f'), 'Deployment closed');
		assert.ok(frame.includes('▸ ✓ Deployment/frontend-web'), frame);
	});

	test('live: a pod that recovers turns healthy on screen; t goes back to the detail', async () => {
		const ui = await openTree();
		ui.monitor.publishOwned(
			frontendId,
			children().map(child => (child.ref.name === 'frontend-cache-1' ? {...child, health: healthy} : child)),
		);
		await ui.until(text => text.includes('✓ Pod/frontend-cache-1'), 'recovered pod');
		ui.press('t');
		await ui.until(text => !text.includes('resource tree') && text.includes('detail updated'), 'back in the detail');
		assert.deepEqual(ui.monitor.calls.watchTree, [frontendId]);
	});

	test('ASCII mode draws the branches and marks with ASCII only', async () => {
		const ui = await openTree({ascii: true});
		const frame = ui.frame();
		assert.ok(frame.includes(' `-- - x StatefulSet/frontend-cache'), frame);
		assert.ok(frame.includes('>    `--   x Pod/frontend-cache-1'), frame);
		assert.ok(!/[^\u0000-\u007F]/.test(frame), frame);
	});
});
