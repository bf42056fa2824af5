// A native app nobody changes costs the API server nothing after its first comparison, and a change to one live
// object costs one comparison of that object. The request counts come from the sandbox's request log; on the
// real kube-apiserver (no log) the same file checks what the user sees: no new pass while idle, and only the
// edited object reported as changed.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import type {AppDriftState} from '../../source/core/drift/drift-state.js';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {defaultConfig} from '../../source/core/native/config-types.js';
import type {RecordedRequest} from '../../source/sandbox/handler.js';
import {faultsOf, type TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {ensureNamespace} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, edit, serverSideApply, service} from './drift/support.js';
import {type Monitors, untilApp} from './support/live.js';

const CONFIG_MAPS = 30;

function labelled(object: KubeObject, app: string): KubeObject {
	return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, [NATIVE_TRACKING_LABEL]: app}}};
}

/** GETs and PATCHes of single objects in this namespace (lists and watches are the shared watches' business). */
function objectRequests(requests: readonly RecordedRequest[], namespace: string): RecordedRequest[] {
	return requests.filter(
		request => (request.verb === 'get' || request.verb === 'patch') && request.path.includes(`/namespaces/${namespace}/`),
	);
}

/**
 * Lets the monitor run with nothing changing for `ms`. Not a synchronisation: absence of work can only be seen
 * over a stretch of time, and this one is many times the follower's 150 ms debounce.
 */
function idleFor(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

describe('an idle native app', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let repo: WorkRepo;
	let monitors: Monitors;
	let git: GitRepos;

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git, monitors} = fixture);
		repo = WorkRepo.create(sandbox);
	});
	after(async () => {
		await fixture?.close();
	});

	test('sends no GET or PATCH after its first pass; one edited live object is the only one compared again', async t => {
		const namespace = `idle-${process.pid}`;
		await ensureNamespace(kc, namespace);
		const objects: KubeObject[] = [deployment('web', namespace), service('web', namespace)];
		for (let index = 0; index < CONFIG_MAPS; index++) objects.push(configMap(`settings-${index}`, namespace, {INDEX: String(index)}));
		repo.commit(
			'quiet: first version',
			Object.fromEntries(objects.map(object => [`apps/quiet/${object.kind}-${object.metadata!.name}.yaml`, stringify(object)])),
		);
		await git.refresh();
		for (const object of objects) await serverSideApply(kc, labelled(object, 'quiet'), 'driftwatch');

		const log = faultsOf(backend);
		const config = {
			...defaultConfig(),
			apps: [{name: 'quiet', repo: repo.dir, branch: 'main', path: 'apps/quiet', namespace, context: null, prune: false, line: 1}],
		};
		const monitor = monitors.open({config, git, driftRecheckMs: 10 * 60_000, batchMs: 50});
		const row = await untilApp(monitor, {kind: 'Git', namespace, name: 'quiet'}, candidate => candidate.sync !== 'Unknown', 30_000);
		assert.equal(row.sync, 'Synced', row.message);
		let latest: AppDriftState | null = null;
		const stop = monitor.watchDrift(row.id, state => {
			latest = state;
		});
		t.after(stop);
		const current = () => latest as AppDriftState | null;
		await waitFor(
			() => current()?.phase === 'ready',
			10_000,
			() => `drift phase ${current()?.phase}`,
		);
		const firstPassAt = current()!.computedAt;
		const idleFrom = log?.requests.length ?? 0;

		// A git poll that finds the same HEAD is no reason to compare again, and neither is time passing.
		const fetchedBefore = current()!.tracked?.fetchedAt ?? 0;
		monitor.refreshGit();
		await waitFor(
			() => (current()?.tracked?.fetchedAt ?? 0) > fetchedBefore,
			10_000,
			() => 'the git refresh to be seen',
		);
		await idleFor(2000);
		assert.equal(current()!.computedAt, firstPassAt, 'no new comparison pass while nothing changed');
		if (log) {
			const idle = objectRequests(log.requests.slice(idleFrom), namespace);
			assert.deepEqual(
				idle.map(request => `${request.method} ${request.path}`),
				[],
				'GET/PATCH requests while idle',
			);
		}

		const editFrom = log?.requests.length ?? 0;
		const edited = objects.find(object => object.metadata!.name === 'settings-7')!;
		await edit(kc, edited, {data: {INDEX: 'seven'}});
		await waitFor(
			() => current()?.report?.status === 'OutOfSync',
			10_000,
			() => `drift ${current()?.report?.status}`,
		);
		const changed = current()!.report!.resources.filter(resource => resource.change !== 'unchanged');
		assert.deepEqual(
			changed.map(resource => `${resource.ref.kind}/${resource.ref.name}`),
			['ConfigMap/settings-7'],
		);
		assert.equal(current()!.report!.resources.length, objects.length, 'every object is still in the report');
		if (log) {
			const sent = objectRequests(log.requests.slice(editFrom), namespace).filter(
				request => request.method !== 'PATCH' || /dryRun=All/.test(request.query),
			);
			const touched = new Set(sent.map(request => request.path));
			assert.deepEqual(
				[...touched],
				[`/api/v1/namespaces/${namespace}/configmaps/settings-7`],
				'only the edited object is read and dry-run',
			);
			assert.equal(sent.filter(request => request.method === 'PATCH').length, 1, 'one dry run');
		}
	});
});
