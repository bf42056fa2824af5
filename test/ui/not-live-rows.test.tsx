import './force-color.js';
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {SourceState} from '../../source/core/kube/source-state.js';
import {fleet, liveSource, makeApp} from './fixtures.js';
import {mountApp, type Mounted} from '../support/app-harness.js';

// While a source cannot be read, the rows it feeds are its last known state: they must look it (dimmed) and say it
// without colour too (a marker beside the cursor, which the header's count explains), not only the header.

let mounted: Mounted | undefined;
afterEach(() => {
	mounted?.unmount();
	mounted = undefined;
});

const plain = (text: string) => text.replace(/\u001B\[[\d;]*m/g, '');
const line = (frame: string, name: string) => frame.split('\n').find(row => new RegExp(`\\b${name}\\b`).test(plain(row))) ?? '';

function sources(argoPhase: SourceState['phase']): SourceState[] {
	return [
		{
			...liveSource('Argo CD apps', 'argoproj.io/applications'),
			kind: 'Application',
			phase: argoPhase,
			message: argoPhase === 'live' ? '' : 'connection refused',
		},
		{...liveSource('Flux kustomizations', 'kustomize.toolkit.fluxcd.io/kustomizations'), kind: 'Kustomization'},
		{...liveSource('Flux helmreleases', 'helm.toolkit.fluxcd.io/helmreleases'), kind: 'HelmRelease'},
	];
}

async function mount(snapshot: Parameters<typeof mountApp>[0], options: {ascii: boolean; color: boolean}) {
	mounted = await mountApp({context: 'prod-eu', updatedAt: Date.now(), ...snapshot}, {options});
	return mounted;
}

describe('rows of a source that cannot be read', () => {
	test('ASCII, no colour: they carry the marker, which the header counts and names; the others do not', async () => {
		const ui = await mount({apps: fleet(), sources: sources('disconnected')}, {ascii: true, color: false});
		const frame = ui.frame();
		assert.doesNotMatch(frame, /\u001B\[/, 'no escapes without colour');
		assert.match(line(frame, 'frontend'), /^>\*\S \S frontend/, 'the Argo CD row, selected, is marked');
		assert.match(line(frame, 'payments'), /^ {2}\S \S payments/, 'the Helm release row is not');
		assert.match(line(frame, 'infra'), /^ {2}\S \S infra/);
		assert.match(frame, /4 apps \(\* 1 not live\)/);
	});

	test('with colour: they are dimmed, the live ones are not', async () => {
		const ui = await mount({apps: fleet(), sources: sources('stale')}, {ascii: false, color: true});
		const dim = /\u001B\[2m/;
		assert.match(line(ui.frame(), 'frontend'), dim);
		assert.match(plain(line(ui.frame(), 'frontend')), /^>◌/);
		assert.doesNotMatch(line(ui.frame(), 'payments'), dim);
		assert.doesNotMatch(line(ui.frame(), 'infra'), dim);
	});

	test('while discovery itself fails every cluster row is marked; a Git app (compared with Git) is not', async () => {
		const native = makeApp({provider: 'git', kind: 'Git', name: 'local', namespace: 'shop'});
		const discovery: SourceState = {
			key: 'discovery',
			label: 'API discovery',
			phase: 'disconnected',
			lastUpdated: null,
			message: 'connection refused',
		};
		const ui = await mount({apps: [...fleet(), native], sources: [discovery, ...sources('live')]}, {ascii: true, color: false});
		for (const name of ['frontend', 'payments', 'infra', 'monitoring']) assert.match(line(ui.frame(), name), /^[> ]\*/, name);
		assert.match(line(ui.frame(), 'local'), /^ {2}/);
		assert.match(ui.frame(), /5 apps \(\* 4 not live\)/);
	});

	test('when every source is live, no row is marked and the header has no count of them', async () => {
		const ui = await mount({apps: fleet(), sources: sources('live')}, {ascii: true, color: false});
		assert.doesNotMatch(ui.frame(), /not live/);
		for (const name of ['frontend', 'payments', 'infra']) assert.match(line(ui.frame(), name), /^[> ] \S \S /, name);
	});

	test('once the source is live again the marker goes', async () => {
		const ui = await mount({apps: fleet(), sources: sources('disconnected')}, {ascii: true, color: false});
		assert.match(line(ui.frame(), 'frontend'), /^>\*/);
		ui.monitor.store.update(current => ({...current, sources: sources('live')}));
		await ui.until(frame => !frame.includes('not live'), 'the count gone');
		assert.match(line(ui.frame(), 'frontend'), /^> \S \S frontend/);
	});
});
