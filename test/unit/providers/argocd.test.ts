import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {AppSummary} from '../../../source/core/apps/model.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {argoCdProvider} from '../../../source/core/controllers/argocd/apps.js';
import {application, operationState, previousSha, requestedSync, sha, syncedStatus} from './fixtures/argo-apps.js';
import {tablesFor} from './fixtures/tables.js';

const context = 'prod-eu';

function rows(...objects: KubeObject[]): AppSummary[] {
	return argoCdProvider.buildApps(context, tablesFor(argoCdProvider, objects));
}

function row(object: KubeObject): AppSummary {
	const [only] = rows(object);
	assert.ok(only, 'expected one app');
	return only;
}

describe('Argo CD provider: declaration', () => {
	test('watches namespaced argoproj.io/v1alpha1 applications, the marker first', () => {
		assert.deepEqual(
			{
				group: argoCdProvider.marker.group,
				version: argoCdProvider.marker.version,
				plural: argoCdProvider.marker.plural,
				kind: argoCdProvider.marker.kind,
				namespaced: argoCdProvider.marker.namespaced,
			},
			{group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application', namespaced: true},
		);
		assert.equal(argoCdProvider.watches[0]?.type, argoCdProvider.marker);
		assert.equal(argoCdProvider.name, 'argocd');
		assert.equal(argoCdProvider.label, 'Argo CD');
	});

	test('no applications table (type not served) means no apps, not an error', () => {
		assert.deepEqual(argoCdProvider.buildApps(context, new Map()), []);
	});
});

describe('Argo CD provider: a synced, healthy app', () => {
	const app = row(application());

	test('identity, kind and apiVersion', () => {
		assert.equal(app.id, 'prod-eu/Application/argocd/guestbook');
		assert.equal(app.provider, 'argocd');
		assert.equal(app.kind, 'Application');
		assert.equal(app.apiVersion, 'argoproj.io/v1alpha1');
		assert.equal(app.name, 'guestbook');
		assert.equal(app.namespace, 'argocd');
		assert.equal(app.context, 'prod-eu');
		assert.equal(app.resourceVersion, '48213');
	});

	test('sync, health, revision and auto-sync as the controller reports them', () => {
		assert.equal(app.sync, 'Synced');
		assert.equal(app.health, 'Healthy');
		assert.equal(app.revision, sha);
		assert.equal(app.autoSync, true);
	});

	test('the finished operation is still reported, with no extra label or message', () => {
		assert.deepEqual(app.operation, {phase: 'Succeeded', message: 'successfully synced (all tasks run)'});
		assert.equal(app.stateLabel, '');
		assert.equal(app.message, '');
	});

	test('last change is when the last operation finished', () => {
		assert.equal(app.lastChange, '2026-08-20T10:01:31Z');
	});

	test('source is the Git repo, path and target revision', () => {
		assert.deepEqual(app.source, {
			kind: 'Git',
			name: 'apps/guestbook',
			namespace: '',
			url: 'https://github.com/acme/gitops.git',
			revision: 'main',
			ready: null,
		});
	});
});

describe('Argo CD provider: sync and health words', () => {
	test('OutOfSync is kept', () => {
		const app = row(application({status: syncedStatus({sync: {status: 'OutOfSync', revision: sha}})}));
		assert.equal(app.sync, 'OutOfSync');
	});

	test('an unexpected or missing sync status is Unknown', () => {
		assert.equal(row(application({status: syncedStatus({sync: {status: 'Comparing'}})})).sync, 'Unknown');
		assert.equal(row(application({status: syncedStatus({sync: {}})})).sync, 'Unknown');
	});

	for (const health of ['Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'] as const) {
		test(`health ${health} is kept`, () => {
			assert.equal(row(application({status: syncedStatus({health: {status: health}})})).health, health);
		});
	}

	test('Degraded carries the health message (v3.6 "Caused by …")', () => {
		const app = row(
			application({
				status: syncedStatus({
					health: {
						status: 'Degraded',
						message: 'Caused by apps/Deployment:guestbook/guestbook-ui',
						lastTransitionTime: '2026-08-21T09:10:00Z',
					},
				}),
			}),
		);
		assert.equal(app.health, 'Degraded');
		assert.equal(app.message, 'Caused by apps/Deployment:guestbook/guestbook-ui');
	});

	test('an app with no status yet reads Unknown everywhere, without crashing', () => {
		const app = row(application({status: {}}));
		assert.equal(app.sync, 'Unknown');
		assert.equal(app.health, 'Unknown');
		assert.equal(app.revision, '');
		assert.equal(app.operation, null);
		assert.equal(app.lastChange, null);
		assert.deepEqual(app.conditions, []);
	});
});

describe('Argo CD provider: operations (status --json contract) and UI labels', () => {
	test('Running: Argo phase and message, label Syncing, message first', () => {
		const app = row(
			application({
				status: syncedStatus({
					sync: {status: 'OutOfSync', revision: sha},
					health: {status: 'Progressing'},
					operationState: operationState('Running', 'waiting for healthy state of apps/Deployment/guestbook-ui'),
				}),
				operation: requestedSync,
			}),
		);
		assert.deepEqual(app.operation, {
			phase: 'Running',
			message: 'waiting for healthy state of apps/Deployment/guestbook-ui',
		});
		assert.equal(app.stateLabel, 'Syncing');
		assert.equal(app.message, 'waiting for healthy state of apps/Deployment/guestbook-ui');
	});

	test('Running with finishedAt set is a failed attempt waiting to retry', () => {
		const message =
			'one or more objects failed to apply, reason: Deployment.apps "guestbook-ui" is invalid. Retrying attempt #2 at 9:05AM.';
		const app = row(
			application({
				status: syncedStatus({
					operationState: operationState('Running', message, {finishedAt: '2026-08-21T09:04:00Z'}),
				}),
				operation: requestedSync,
			}),
		);
		assert.equal(app.operation?.phase, 'Running');
		assert.equal(app.stateLabel, 'Sync retrying');
		assert.equal(app.message, message);
	});

	test('Succeeded: reported after it finished, no label', () => {
		const app = row(application());
		assert.equal(app.operation?.phase, 'Succeeded');
		assert.equal(app.stateLabel, '');
	});

	test('Failed: label Sync failed, its message wins over health', () => {
		const app = row(
			application({
				status: syncedStatus({
					health: {status: 'Degraded', message: 'Caused by apps/Deployment:guestbook/guestbook-ui'},
					operationState: operationState(
						'Failed',
						'one or more synchronization tasks completed unsuccessfully, reason: Job guestbook-migrate failed',
						{finishedAt: '2026-08-21T09:02:00Z'},
					),
				}),
			}),
		);
		assert.deepEqual(app.operation, {
			phase: 'Failed',
			message: 'one or more synchronization tasks completed unsuccessfully, reason: Job guestbook-migrate failed',
		});
		assert.equal(app.stateLabel, 'Sync failed');
		assert.match(app.message, /^one or more synchronization tasks completed unsuccessfully/);
		assert.equal(app.lastChange, '2026-08-21T09:02:00Z');
	});

	test('Error: label Sync error', () => {
		const app = row(
			application({
				status: syncedStatus({
					operationState: operationState('Error', 'ComparisonError: failed to load target state', {
						finishedAt: '2026-08-21T09:02:00Z',
					}),
				}),
			}),
		);
		assert.deepEqual(app.operation, {phase: 'Error', message: 'ComparisonError: failed to load target state'});
		assert.equal(app.stateLabel, 'Sync error');
	});

	test('Terminating: label Terminating — the operation has not stopped yet', () => {
		const app = row(
			application({
				status: syncedStatus({operationState: operationState('Terminating', 'one or more tasks are running')}),
				operation: requestedSync,
			}),
		);
		assert.deepEqual(app.operation, {phase: 'Terminating', message: 'one or more tasks are running'});
		assert.equal(app.stateLabel, 'Terminating');
	});

	test('.operation set without operationState: Running with no message, waiting to start', () => {
		const status = syncedStatus();
		delete status['operationState'];
		const app = row(application({status, operation: requestedSync}));
		assert.deepEqual(app.operation, {phase: 'Running', message: ''});
		assert.equal(app.stateLabel, 'Syncing');
		assert.match(app.message, /waiting for the controller/i);
	});

	test('.operation set again over an older finished operation: the new one is Running', () => {
		const app = row(application({operation: requestedSync}));
		assert.deepEqual(app.operation, {phase: 'Running', message: ''});
		assert.equal(app.stateLabel, 'Syncing');
	});

	test('no operation ever: null', () => {
		const status = syncedStatus();
		delete status['operationState'];
		assert.equal(row(application({status})).operation, null);
	});

	test('deletionTimestamp shows Deleting, even while an operation runs', () => {
		const app = row(
			application({
				metadata: {deletionTimestamp: '2026-08-21T09:30:00Z'},
				status: syncedStatus({operationState: operationState('Running', 'one or more tasks are running')}),
				operation: requestedSync,
			}),
		);
		assert.equal(app.stateLabel, 'Deleting');
		assert.equal(app.operation?.phase, 'Running');
	});

	test("being deleted with no sync asked: Deleting, its delete operation Running (not the last sync's result)", () => {
		const app = row(application({metadata: {deletionTimestamp: '2026-08-21T09:30:00Z'}}));
		assert.equal(app.stateLabel, 'Deleting');
		assert.equal(app.operation?.phase, 'Running');
		assert.match(app.message, /Deleting/);
	});

	test('an operationState whose operation is not a sync: label Unknown, not Syncing', () => {
		const state = operationState('Running', 'one or more tasks are running');
		state['operation'] = {initiatedBy: {username: 'alice@acme.example'}, retry: {}};
		const app = row(application({status: syncedStatus({operationState: state})}));
		assert.equal(app.operation?.phase, 'Running');
		assert.equal(app.stateLabel, 'Unknown');
		const finished = operationState('Succeeded', 'done', {finishedAt: '2026-08-21T09:02:00Z'});
		finished['operation'] = {initiatedBy: {username: 'alice@acme.example'}};
		assert.equal(row(application({status: syncedStatus({operationState: finished})})).stateLabel, '', 'a finished operation adds no label');
	});

	test('a multi-line operation message becomes its first line', () => {
		const app = row(
			application({
				status: syncedStatus({
					operationState: operationState(
						'Failed',
						'one or more objects failed to apply, reason: error when patching\n  deployment.apps/guestbook-ui: field is immutable',
						{finishedAt: '2026-08-21T09:02:00Z'},
					),
				}),
			}),
		);
		assert.equal(app.message, 'one or more objects failed to apply, reason: error when patching');
	});
});

describe('Argo CD provider: message priority', () => {
	test('an error condition beats the health message', () => {
		const app = row(
			application({
				status: syncedStatus({
					sync: {status: 'Unknown'},
					health: {status: 'Unknown', message: 'Caused by apps/Deployment:guestbook/guestbook-ui'},
					conditions: [
						{type: 'OrphanedResourceWarning', message: 'Application has 2 orphaned resources'},
						{
							type: 'ComparisonError',
							message: 'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown',
							lastTransitionTime: '2026-08-21T09:00:00Z',
						},
					],
				}),
			}),
		);
		assert.match(app.message, /^Failed to load target state/);
		assert.deepEqual(app.conditions[1], {
			type: 'ComparisonError',
			status: '',
			reason: '',
			message: 'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown',
			lastTransitionTime: '2026-08-21T09:00:00Z',
		});
	});

	test('a running operation message beats an error condition', () => {
		const app = row(
			application({
				status: syncedStatus({
					conditions: [{type: 'SyncError', message: 'Failed last sync attempt to [abc]: one or more objects failed'}],
					operationState: operationState('Running', 'one or more tasks are running'),
				}),
				operation: requestedSync,
			}),
		);
		assert.equal(app.message, 'one or more tasks are running');
	});

	test('with only a warning condition, the warning is the message', () => {
		const app = row(
			application({
				status: syncedStatus({
					conditions: [{type: 'SharedResourceWarning', message: 'ConfigMap/settings is part of applications a and b'}],
				}),
			}),
		);
		assert.equal(app.message, 'ConfigMap/settings is part of applications a and b');
	});
});

describe('Argo CD provider: auto-sync policy', () => {
	function withPolicy(syncPolicy: unknown): AppSummary {
		return row(
			application({
				spec: {
					project: 'default',
					source: {repoURL: 'https://github.com/acme/gitops.git', path: 'apps/guestbook', targetRevision: 'main'},
					destination: {server: 'https://kubernetes.default.svc', namespace: 'guestbook'},
					...(syncPolicy === undefined ? {} : {syncPolicy}),
				},
			}),
		);
	}

	test('automated present: on', () => assert.equal(withPolicy({automated: {}}).autoSync, true));
	test('automated.enabled true: on', () => assert.equal(withPolicy({automated: {enabled: true}}).autoSync, true));
	test('automated.enabled false (Argo CD ≥ 3.1): off', () => {
		assert.equal(withPolicy({automated: {enabled: false, prune: true}}).autoSync, false);
	});
	test('syncPolicy without automated: off', () => {
		assert.equal(withPolicy({syncOptions: ['CreateNamespace=true']}).autoSync, false);
	});
	test('no syncPolicy: off', () => assert.equal(withPolicy(undefined).autoSync, false));
});

describe('Argo CD provider: sources, revisions and last change', () => {
	test('multi-source: the first source and the first revision', () => {
		const app = row(
			application({
				spec: {
					project: 'default',
					sources: [
						{repoURL: 'https://charts.acme.example', chart: 'guestbook', targetRevision: '1.4.2'},
						{repoURL: 'https://github.com/acme/values.git', targetRevision: 'main', ref: 'values'},
					],
					destination: {server: 'https://kubernetes.default.svc', namespace: 'guestbook'},
				},
				status: syncedStatus({
					sync: {
						status: 'Synced',
						revisions: ['1.4.2', sha],
						comparedTo: {source: {repoURL: ''}, destination: {}},
					},
				}),
			}),
		);
		assert.equal(app.revision, '1.4.2');
		assert.deepEqual(app.source, {
			kind: 'Helm',
			name: 'guestbook',
			namespace: '',
			url: 'https://charts.acme.example',
			revision: '1.4.2',
			ready: null,
		});
		const projection = argoCdProvider.watches[0]!.project(application({spec: {sources: [{repoURL: 'a'}, {repoURL: 'b'}]}}));
		assert.equal((projection['source'] as {count: number}).count, 2);
	});

	test('an OCI source and a missing targetRevision (HEAD)', () => {
		const app = row(application({spec: {source: {repoURL: 'oci://ghcr.io/acme/manifests', path: '.'}, destination: {}}}));
		assert.equal(app.source?.kind, 'OCI');
		assert.equal(app.source?.revision, 'HEAD');
	});

	test('last change is the last sync: the end of the operation, else the newest history entry; never synced, none (a comparison is no sync)', () => {
		const withoutOperation = syncedStatus();
		delete withoutOperation['operationState'];
		assert.equal(row(application({status: withoutOperation})).lastChange, '2026-08-20T10:01:30Z');
		const bare = syncedStatus({history: []});
		delete bare['operationState'];
		assert.equal(row(application({status: bare})).lastChange, null);
	});
});

describe('Argo CD provider: identity and projection size', () => {
	test('the same name in two namespaces is two apps', () => {
		const apps = rows(application({namespace: 'team-a'}), application({namespace: 'team-b'}));
		assert.deepEqual(
			apps.map(app => app.id),
			['prod-eu/Application/team-a/guestbook', 'prod-eu/Application/team-b/guestbook'],
		);
	});

	test('the projection keeps no resources, history, operation body or annotations', () => {
		const big = application({
			status: syncedStatus({
				resources: Array.from({length: 500}, (_, index) => ({
					version: 'v1',
					kind: 'ConfigMap',
					namespace: 'guestbook',
					name: `config-${index}`,
					status: 'Synced',
				})),
				conditions: [{type: 'ComparisonError', message: 'x'.repeat(30_000)}],
			}),
		});
		const projection = argoCdProvider.watches[0]!.project(big);
		const json = JSON.stringify(projection);
		assert.ok(!json.includes('config-1'), 'status.resources must not be kept');
		assert.ok(!json.includes('resourceHealthSource'));
		assert.ok(!json.includes('last-applied-configuration'));
		assert.ok(!json.includes(previousSha), 'history entries must not be kept');
		assert.ok(!json.includes('deployment.apps/guestbook-ui configured'), 'syncResult resources must not be kept');
		assert.ok(json.length < 3000, `projection is ${json.length} characters`);
		// The projection is still enough for the row.
		assert.equal(row(big).health, 'Healthy');
	});
});

describe('Argo CD provider: detail', () => {
	test('history newest first with id, revision, time, source path, the repository to look the commit up in, and who started it', () => {
		const detail = argoCdProvider.buildDetail(application());
		const repoUrl = detail.history[0]?.repoUrl;
		assert.match(repoUrl ?? '', /^https:\/\//);
		assert.deepEqual(detail.history, [
			{id: '5', revision: sha, deployedAt: '2026-08-20T10:01:30Z', note: 'apps/guestbook', repoUrl, initiatedBy: 'automated sync'},
			{id: '4', revision: previousSha, deployedAt: '2026-08-19T16:00:00Z', note: 'apps/guestbook', repoUrl, initiatedBy: 'automated sync'},
		]);
	});

	test('multi-source history uses the first real source and revision', () => {
		const detail = argoCdProvider.buildDetail(
			application({
				status: syncedStatus({
					history: [
						{
							id: 1,
							revisions: ['1.4.2', sha],
							sources: [
								{repoURL: 'https://charts.acme.example', chart: 'guestbook'},
								{repoURL: 'x', ref: 'values'},
							],
							source: {repoURL: ''},
							deployedAt: '2026-08-20T10:01:30Z',
						},
					],
				}),
			}),
		);
		assert.deepEqual(detail.history, [{id: '1', revision: '1.4.2', deployedAt: '2026-08-20T10:01:30Z', note: 'guestbook'}]);
	});

	test('resources with per-resource sync; health left for the loader', () => {
		const detail = argoCdProvider.buildDetail(application());
		assert.deepEqual(detail.resources, [
			{group: '', version: 'v1', kind: 'Service', namespace: 'guestbook', name: 'guestbook-ui', sync: 'Synced', health: null},
			{
				group: 'apps',
				version: 'v1',
				kind: 'Deployment',
				namespace: 'guestbook',
				name: 'guestbook-ui',
				sync: 'Synced',
				health: null,
			},
		]);
	});

	test('operation detail of a finished automated sync', () => {
		assert.deepEqual(argoCdProvider.buildDetail(application()).operation, {
			phase: 'Succeeded',
			message: 'successfully synced (all tasks run)',
			startedAt: '2026-08-20T10:01:20Z',
			finishedAt: '2026-08-20T10:01:31Z',
			revision: sha,
			initiatedBy: 'automated sync',
		});
	});

	test('operation detail of a requested sync the controller has not started', () => {
		const detail = argoCdProvider.buildDetail(application({operation: requestedSync}));
		assert.deepEqual(detail.operation, {
			phase: 'Running',
			message: '',
			startedAt: null,
			finishedAt: null,
			revision: sha,
			initiatedBy: 'bob@acme.example (driftwatch)',
		});
	});

	test('conditions keep their full message in the detail', () => {
		const long = `Failed to load target state: ${'y'.repeat(5000)}`;
		const detail = argoCdProvider.buildDetail(
			application({status: syncedStatus({conditions: [{type: 'ComparisonError', message: long}]})}),
		);
		assert.equal(detail.conditions[0]?.message, long);
	});

	test('an app without status has an empty detail', () => {
		assert.deepEqual(argoCdProvider.buildDetail(application({status: {}})), {
			conditions: [],
			operation: null,
			history: [],
			resources: [],
		});
	});
});

describe('Argo CD provider: where an app deploys', () => {
	test('deploysInto is the destination namespace and the namespaces of the objects it manages, not where the Application lives', () => {
		const app = application({
			status: syncedStatus({
				resources: [
					{group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'guestbook', name: 'web', status: 'Synced'},
					{version: 'v1', kind: 'ConfigMap', namespace: 'guestbook-jobs', name: 'settings', status: 'Synced'},
					{version: 'v1', kind: 'Namespace', name: 'guestbook', status: 'Synced'},
				],
			}),
		});
		const summary = row(app);
		assert.equal(summary.namespace, 'argocd');
		assert.deepEqual(summary.deploysInto, ['guestbook', 'guestbook-jobs']);
	});

	test('without a destination namespace, only the managed objects say where it deploys', () => {
		const app = application({
			spec: {
				project: 'default',
				source: {repoURL: 'https://github.com/acme/gitops.git', path: 'crds'},
				destination: {server: 'https://kubernetes.default.svc'},
			},
			status: syncedStatus({resources: []}),
		});
		assert.deepEqual(row(app).deploysInto, []);
	});
});
