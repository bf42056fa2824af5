// Events and the timeline against the test backend (the sandbox, or a real kube-apiserver in test:cluster): a
// real server serves every Event through core/v1 and events.k8s.io/v1 alike, so both are written here, read
// back once each, and followed live; then the CLI twins as scripts run them.
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {AppEventsState} from '../../source/core/monitor/app-events.js';
import {readEvents} from '../../source/core/events/read-events.js';
import {requestJson} from '../../source/core/kube/http.js';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {createLiveMonitor, type LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {providers} from '../../source/core/controllers/controllers.js';
import {createObject} from '../../source/demo/rest.js';
import {startBackend, type TestBackend} from '../support/backend.js';
import {runCli} from '../support/cli.js';
import {argoApp} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {prepareCluster, put} from './support/seed.js';

const shop = 'events-shop';
const appName = 'events-web';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
const microAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/Z$/, '000Z');

/** A core/v1 Event as client-go's legacy recorder writes it (Argo CD, Flux, the kubelet). */
function coreEvent(
	name: string,
	namespace: string,
	about: {kind: string; name: string; apiVersion: string},
	fields: Record<string, unknown>,
): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name, namespace},
		involvedObject: {...about, namespace},
		source: {component: 'argocd-application-controller'},
		firstTimestamp: minutesAgo(10),
		lastTimestamp: minutesAgo(10),
		count: 1,
		type: 'Normal',
		...fields,
	};
}

describe('events and timeline', () => {
	let backend: TestBackend;
	let stateDir: string;

	before(async () => {
		backend = await startBackend();
		stateDir = mkdtempSync(join(tmpdir(), 'driftwatch-events-'));
		const kc = backend.kubeConfig();
		await prepareCluster(kc, [shop, 'argocd']);
		await put(
			kc,
			argoApp(appName, 'argocd', {
				destinationNamespace: shop,
				resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace: shop, name: 'web'}],
			}),
		);
		const application = {kind: 'Application', name: appName, apiVersion: 'argoproj.io/v1alpha1'};
		const deployment = {kind: 'Deployment', name: 'web', apiVersion: 'apps/v1'};
		await createObject(
			kc,
			coreEvent(`${appName}.op-started`, 'argocd', application, {
				reason: 'OperationStarted',
				message: 'Initiated automated sync to abc1234',
				lastTimestamp: minutesAgo(9),
			}),
		);
		await createObject(
			kc,
			coreEvent('web.deadline', shop, deployment, {
				type: 'Warning',
				reason: 'ProgressDeadlineExceeded',
				message: 'Deployment "web" has timed out progressing',
				source: {component: 'deployment-controller'},
				count: 4,
				lastTimestamp: minutesAgo(2),
			}),
		);
		// Written through events.k8s.io/v1, as the newer recorder does: a series of repeats.
		await createObject(kc, {
			apiVersion: 'events.k8s.io/v1',
			kind: 'Event',
			metadata: {name: 'web.scaled', namespace: shop},
			eventTime: microAgo(8),
			series: {count: 3, lastObservedTime: microAgo(4)},
			regarding: {...deployment, namespace: shop},
			reason: 'ScalingReplicaSet',
			note: 'Scaled up replica set web-7d9f to 3',
			type: 'Normal',
			reportingController: 'deployment-controller',
			reportingInstance: 'kube-controller-manager',
			action: 'Scale',
		});
		// About something the app does not manage: never shown with it.
		await createObject(
			kc,
			coreEvent('other.pulled', shop, {kind: 'Pod', name: 'unrelated', apiVersion: 'v1'}, {reason: 'Pulled', message: 'image pulled'}),
		);
		const auditDir = join(stateDir, 'driftwatch');
		await mkdir(auditDir, {recursive: true, mode: 0o700});
		const audit = {
			time: minutesAgo(6),
			user: 'alice',
			context: backend.adminContext,
			namespace: 'argocd',
			app: appName,
			kind: 'Application',
			action: 'refresh',
			params: {},
			result: 'ok',
		};
		await writeFile(join(auditDir, 'audit.log'), `${JSON.stringify(audit)}\n`, {mode: 0o600});
	});

	after(async () => {
		await backend?.close();
		await rm(stateDir, {recursive: true, force: true});
	});

	test('both APIs are read and each event is one record, whichever API wrote it', async () => {
		const read = await readEvents(backend.kubeConfig(), [shop]);
		assert.equal(read.problem, null);
		const byName = new Map(read.events.map(event => [event.name, event]));
		assert.deepEqual([...byName.keys()].sort(), ['other.pulled', 'web.deadline', 'web.scaled']);
		assert.equal(read.events.length, 3, 'the two views of one event are one record');
		const scaled = byName.get('web.scaled')!;
		assert.equal(scaled.count, 3);
		assert.equal(scaled.source, 'deployment-controller');
		assert.equal(scaled.message, 'Scaled up replica set web-7d9f to 3');
		assert.deepEqual(scaled.subject, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: shop, name: 'web'});
		const deadline = byName.get('web.deadline')!;
		assert.equal(deadline.count, 4);
		assert.equal(deadline.type, 'Warning');
	});

	test('an Event written with few fields reads back as Go writes it: source {}, null times, empty reporters', async () => {
		const kc = backend.kubeConfig();
		const path = `/api/v1/namespaces/${shop}/events`;
		const minimal = {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name: 'web.minimal', namespace: shop},
			involvedObject: {kind: 'Deployment', name: 'web', namespace: shop},
			reason: 'Checked',
			message: 'few fields',
			type: 'Normal',
		};
		const created = await requestJson<Record<string, unknown>>(kc, path, {method: 'POST', body: JSON.stringify(minimal)});
		try {
			const read = await requestJson<Record<string, unknown>>(kc, `${path}/web.minimal`);
			for (const event of [created, read]) {
				assert.deepEqual(
					[event.source, event.firstTimestamp, event.lastTimestamp, event.eventTime, event.reportingComponent, event.reportingInstance],
					[{}, null, null, null, '', ''],
				);
				assert.equal('count' in event, false, 'a zero count is left out');
			}
			const viewed = await requestJson<Record<string, unknown>>(kc, `/apis/events.k8s.io/v1/namespaces/${shop}/events/web.minimal`);
			assert.deepEqual(
				[
					viewed.deprecatedSource,
					viewed.deprecatedFirstTimestamp,
					viewed.eventTime,
					'reportingController' in viewed,
					'reportingInstance' in viewed,
				],
				[{}, null, null, false, false],
			);
		} finally {
			await requestJson(kc, `${path}/web.minimal`, {method: 'DELETE'});
		}
	});

	test('field selectors: involvedObject.* on core/v1, regarding.* on events.k8s.io/v1', async () => {
		const kc = backend.kubeConfig();
		const names = async (path: string) => {
			const list = await requestJson<{items: KubeObject[]}>(kc, path);
			return list.items.map(item => item.metadata?.name).sort();
		};
		assert.deepEqual(await names(`/api/v1/namespaces/${shop}/events?fieldSelector=involvedObject.name%3Dweb`), [
			'web.deadline',
			'web.scaled',
		]);
		assert.deepEqual(await names(`/apis/events.k8s.io/v1/namespaces/${shop}/events?fieldSelector=regarding.name%3Dweb,type%3DWarning`), [
			'web.deadline',
		]);
	});

	test("live: an app follows its own and its resources' events through one shared watch; a new one shows at once", async () => {
		const loaded = loadKubeConfig({path: backend.kubeconfigPath});
		const monitor: LiveMonitor = createLiveMonitor({kubeconfig: loaded, namespace: null, providers, batchMs: 20});
		let latest: AppEventsState | null = null;
		try {
			assert.ok(await monitor.settled(15_000));
			const app = monitor.store.getSnapshot().apps.find(candidate => candidate.name === appName)!;
			const stop = monitor.watchEvents(app.id, state => {
				latest = state;
			});
			const reasons = () => (latest as AppEventsState | null)?.events.map(event => event.reason) ?? [];
			await waitFor(
				() => reasons().length === 3,
				15_000,
				() => `events: ${JSON.stringify(reasons())}`,
			);
			assert.deepEqual(
				reasons(),
				['ProgressDeadlineExceeded', 'ScalingReplicaSet', 'OperationStarted'],
				'newest first, unrelated left out',
			);
			await createObject(
				backend.kubeConfig(),
				coreEvent(
					`${appName}.op-done`,
					'argocd',
					{kind: 'Application', name: appName, apiVersion: 'argoproj.io/v1alpha1'},
					{
						reason: 'OperationCompleted',
						message: 'Sync operation to abc1234 succeeded',
						firstTimestamp: minutesAgo(0),
						lastTimestamp: minutesAgo(0),
					},
				),
			);
			await waitFor(
				() => reasons()[0] === 'OperationCompleted',
				15_000,
				() => `events: ${JSON.stringify(reasons())}`,
			);
			stop();
		} finally {
			await monitor.close();
		}
	});

	test("driftwatch events APP: the app object's and its resources' events, newest first; --json", async () => {
		const env = {KUBECONFIG: backend.kubeconfigPath};
		const text = await runCli(['events', `argocd/${appName}`], env);
		assert.equal(text.code, 0, text.stderr);
		const lines = text.stdout.trimEnd().split('\n');
		assert.match(lines[0]!, /^LAST SEEN +TYPE +REASON +OBJECT +COUNT +MESSAGE$/);
		const warning = lines.findIndex(line => line.includes('ProgressDeadlineExceeded'));
		const scaled = lines.findIndex(line => line.includes('ScalingReplicaSet'));
		assert.match(
			lines[warning]!,
			/^\S+ +Warning +ProgressDeadlineExceeded +Deployment\/web +x4 +Deployment "web" has timed out progressing$/,
		);
		assert.ok(warning > 0 && warning < scaled, 'newest first');
		assert.ok(!text.stdout.includes('unrelated'));
		const json = await runCli(['events', `argocd/${appName}`, '--json'], env);
		assert.equal(json.code, 0, json.stderr);
		const parsed = JSON.parse(json.stdout) as {
			app: string;
			events: Array<{reason: string; count: number; type: string; object: {kind: string}}>;
		};
		assert.equal(parsed.app, `Application/argocd/${appName}`);
		const reasons = parsed.events.map(event => event.reason);
		assert.ok(reasons.indexOf('ProgressDeadlineExceeded') < reasons.indexOf('ScalingReplicaSet'), 'newest first');
		assert.ok(reasons.includes('OperationStarted'));
		assert.equal(parsed.events.find(event => event.reason === 'ScalingReplicaSet')?.count, 3);
	});

	test('driftwatch events APP as a user who may not list events: exit 2, says forbidden', async () => {
		const context = await backend.addUser('no-events', [
			{verbs: ['get', 'list', 'watch'], apiGroups: ['argoproj.io'], resources: ['applications']},
			{verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments']},
		]);
		const run = await runCli(['events', `argocd/${appName}`, '--context', context], {KUBECONFIG: backend.kubeconfigPath});
		assert.equal(run.code, 2, run.stdout);
		assert.match(run.stderr, /^driftwatch: events of Application\/argocd\/events-web: forbidden: /m);
	});

	test("driftwatch timeline APP --since: syncs with who started them, warnings and driftwatch's actions, newest first", async () => {
		const env = {KUBECONFIG: backend.kubeconfigPath, XDG_STATE_HOME: stateDir};
		const run = await runCli(['timeline', `argocd/${appName}`, '--since', '1h', '--json'], env);
		assert.equal(run.code, 0, run.stderr);
		const parsed = JSON.parse(run.stdout) as {entries: Array<{kind: string; text: string; who: string; time: string}>};
		const kinds = parsed.entries.map(entry => `${entry.kind}: ${entry.text}`);
		assert.ok(
			kinds.some(entry => /^event: Warning ProgressDeadlineExceeded Deployment\/web/.test(entry)),
			kinds.join('\n'),
		);
		const action = parsed.entries.find(entry => entry.kind === 'action');
		assert.deepEqual(action && [action.text, action.who], ['driftwatch refresh ok', 'alice']);
		const times = parsed.entries.map(entry => Date.parse(entry.time));
		assert.deepEqual(
			times,
			[...times].sort((a, b) => b - a),
			'newest first',
		);
		// The fixture's syncs are hours old: --since leaves them out; without it they are there, with their initiator.
		assert.ok(!parsed.entries.some(entry => entry.kind === 'sync'));
		const all = await runCli(['timeline', `argocd/${appName}`, '--json'], env);
		const everything = JSON.parse(all.stdout) as {entries: Array<{kind: string; who: string}>};
		assert.ok(
			everything.entries.some(entry => entry.kind === 'sync' && entry.who === 'automated sync'),
			all.stdout,
		);

		const text = await runCli(['timeline', '--since', '1h'], env);
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /event +Application\/argocd\/events-web {2}Warning ProgressDeadlineExceeded Deployment\/web/);
	});
});
