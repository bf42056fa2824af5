// Native app actions through the ActionService against a real API server, with real git repositories in temp
// dirs: sync (with and without prune), rollback (cluster only, and reverted in Git), read-only sessions that
// send nothing but GETs, a viewer refused up front because the server says it may not write (nothing is applied,
// nothing pushed to Git), and the audit line of each.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {ActionService, kubeUser} from '../../source/core/actions/action-service.js';
import {AuditLog, readAuditLog, type AuditRecord} from '../../source/core/actions/audit-log.js';
import {createNativeActions} from '../../source/core/controllers/git/index.js';
import type {ActionRequest} from '../../source/core/actions/types.js';
import {appId, type AppSummary} from '../../source/core/apps/model.js';
import {DesiredRenderCache} from '../../source/core/desired/render-cache.js';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import type {GitRepos} from '../../source/core/git/git-repos.js';
import {classifyApiError} from '../../source/core/kube/api-error.js';
import {Discovery} from '../../source/core/kube/discovery.js';
import {loadKubeConfig} from '../../source/core/kube/kubeconfig.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {NativeAppConfig} from '../../source/core/native/config-types.js';
import {faultsOf, type TestBackend} from '../support/backend.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {ensureNamespace} from '../support/fixtures.js';
import {WorkRepo, type Sandbox} from '../unit/git/git-fixture.js';
import {configMap, deployment, getLiveObject, secret, service, serverSideApply} from './drift/support.js';
import {writesSent} from './support/sent-writes.js';

const secretValue = 'correct horse battery staple';

function withoutNamespace(object: KubeObject): KubeObject {
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	return {...object, metadata};
}

/** Files of an app directory: objects without a namespace (the app's namespace fills it in), as people write them. */
function files(path: string, objects: readonly KubeObject[]): Record<string, string> {
	return Object.fromEntries(
		objects.map(object => [`${path}/${object.kind!.toLowerCase()}-${object.metadata!.name}.yaml`, stringify(withoutNamespace(object))]),
	);
}

function labelled(object: KubeObject, app: string): KubeObject {
	return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, [NATIVE_TRACKING_LABEL]: app}}};
}

function row(context: string, config: NativeAppConfig): AppSummary {
	return {
		id: appId(context, 'Git', config.namespace, config.name),
		provider: 'git',
		kind: 'Git',
		apiVersion: 'driftwatch.dev/v1',
		deploysInto: [config.namespace],
		name: config.name,
		namespace: config.namespace,
		context,
		sync: 'OutOfSync',
		health: 'Unknown',
		revision: '',
		message: '',
		operation: null,
		stateLabel: '',
		autoSync: false,
		lastChange: null,
		conditions: [],
		source: null,
		resourceVersion: '0',
	};
}

describe('native app actions', () => {
	let fixture: Integration;
	let backend: TestBackend;
	let kc: KubeConfig;
	let sandbox: Sandbox;
	let repo: WorkRepo;
	let git: GitRepos;
	let audit: AuditLog;
	let namespaceCount = 0;
	const renderCache = new DesiredRenderCache();

	async function freshNamespace(): Promise<string> {
		const namespace = `act-${process.pid}-${++namespaceCount}`;
		await ensureNamespace(kc, namespace);
		return namespace;
	}

	function app(name: string, namespace: string, overrides: Partial<NativeAppConfig> = {}): NativeAppConfig {
		return {name, repo: repo.dir, branch: 'main', path: `apps/${namespace}`, namespace, context: null, prune: false, line: 1, ...overrides};
	}

	function serviceFor(
		config: NativeAppConfig,
		options: {context?: string; readonly?: boolean; audit?: AuditLog} = {},
	): {service: ActionService; app: AppSummary} {
		const loaded = loadKubeConfig({path: backend.kubeconfigPath, context: options.context ?? backend.adminContext});
		const service = new ActionService({
			kc: loaded.kc,
			discovery: new Discovery(loaded.kc),
			git,
			render: (sources, signal) => renderCache.render(git, sources, {signal}),
			context: loaded.context,
			production: false,
			readonly: options.readonly ?? false,
			user: kubeUser(loaded.kc),
			audit: options.audit ?? audit,
			providers: {git: createNativeActions()},
			typeOf: () => undefined,
			configApps: [config],
		});
		return {service, app: row(loaded.context, config)};
	}

	async function auditOf(config: NativeAppConfig): Promise<AuditRecord[]> {
		return (await readAuditLog(audit.path)).filter(entry => entry.namespace === config.namespace && entry.app === config.name);
	}

	async function live(object: KubeObject): Promise<KubeObject | null> {
		try {
			return await getLiveObject(kc, object);
		} catch (error) {
			if (classifyApiError(error).kind === 'not-found') return null;
			throw error;
		}
	}

	/** Polls until `done` holds (or 10 s pass); returns what it saw last. */
	async function pollLive(object: KubeObject, done: (found: KubeObject | null) => boolean): Promise<KubeObject | null> {
		const deadline = Date.now() + 10_000;
		for (;;) {
			const found = await live(object);
			if (done(found) || Date.now() > deadline) return found;
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	}

	async function syncRequest(config: NativeAppConfig, params: ActionRequest['params'] = {}): Promise<ActionRequest> {
		return {kind: 'sync', appId: appId(backend.adminContext, 'Git', config.namespace, config.name), params};
	}

	before(async () => {
		fixture = await startIntegration();
		({backend, kc, gitSandbox: sandbox, git} = fixture);
		repo = WorkRepo.create(sandbox);
		audit = new AuditLog(join(sandbox.root, 'state', 'driftwatch', 'audit.log'));
	});
	after(async () => {
		await fixture?.close();
	});

	test('sync without prune: Git objects created or updated and labelled, leftovers kept; no Secret value reaches the audit log', async () => {
		const namespace = await freshNamespace();
		const objects = [
			deployment('web', namespace),
			service('web', namespace),
			configMap('settings', namespace, {LOG_LEVEL: 'info'}),
			secret('credentials', namespace, {password: secretValue}),
		];
		repo.commit(`${namespace}: web`, files(`apps/${namespace}`, objects));
		// Live before: settings drifted, and a labelled object an earlier version of the app applied.
		await serverSideApply(kc, labelled(configMap('settings', namespace, {LOG_LEVEL: 'debug'}), 'web'), 'driftwatch');
		const legacy = labelled(configMap('legacy', namespace, {old: 'yes'}), 'web');
		await serverSideApply(kc, legacy, 'driftwatch');
		const config = app('web', namespace);
		const {service: actions, app: appRow} = serviceFor(config);

		const plan = await actions.plan(await syncRequest(config), appRow);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		assert.equal(plan.title, `Sync Git ${namespace}/web`);
		assert.equal(plan.context, backend.adminContext);
		assert.match(plan.effects[0]!, /^apply [0-9a-f]{7} ".*: web" \(main HEAD of .*, path apps\//);
		assert.ok(plan.effects.includes('prune: off (the app does not enable it in the config)'), plan.effects.join('\n'));
		assert.deepEqual(plan.fixedParams, {prune: "not enabled in the app's config"}, 'the dialog says p changes nothing');
		for (const path of [
			`Deployment/${namespace}/web`,
			`Service/${namespace}/web`,
			`ConfigMap/${namespace}/settings`,
			`Secret/${namespace}/credentials`,
		]) {
			assert.ok(plan.effects.includes(`apply ${path}`), `effects name ${path}: ${plan.effects.join('\n')}`);
		}
		assert.ok(
			plan.effects.some(effect => effect.startsWith(`keep ConfigMap/${namespace}/legacy`)),
			plan.effects.join('\n'),
		);
		const diff = await plan.diff!();
		const changes = diff!.resources.map(resource => `${resource.change} ${resource.ref.kind}/${resource.ref.name}`).sort();
		assert.deepEqual(changes, ['added Deployment/web', 'added Secret/credentials', 'added Service/web', 'modified ConfigMap/settings']);

		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, true, outcome.message);
		assert.match(outcome.message, /^applied 4 objects at [0-9a-f]{7} /);
		const web = await live(deployment('web', namespace));
		assert.equal(web?.metadata?.labels?.[NATIVE_TRACKING_LABEL], 'web');
		const managers = (web?.metadata?.managedFields ?? []) as Array<{manager?: string; operation?: string}>;
		assert.ok(
			managers.some(entry => entry.manager === 'driftwatch' && entry.operation === 'Apply'),
			'applied by server-side apply as driftwatch',
		);
		assert.deepEqual((await live(configMap('settings', namespace, {})))?.data, {LOG_LEVEL: 'info'});
		assert.ok(await live(legacy), 'the leftover is kept without prune');

		const [line] = await auditOf(config);
		assert.equal(line?.result, 'ok');
		assert.equal(line?.action, 'sync');
		assert.equal(line?.user, kubeUser(kc));
		assert.equal(line?.kind, 'Git');
		assert.equal((line!.details as {revision?: string}).revision, repo.git('rev-parse', 'HEAD'));
		assert.ok((line!.details!.sent as string[]).includes(`PATCH /api/v1/namespaces/${namespace}/secrets/credentials`));
		const text = await readFile(audit.path, 'utf8');
		for (const value of [secretValue, Buffer.from(secretValue).toString('base64')])
			assert.equal(text.includes(value), false, `audit log holds ${value}`);
		assert.ok(plan.effects.every(effect => !effect.includes(secretValue)));

		// The plan ran once: running it again is refused, and says so.
		const again = await actions.run(plan);
		assert.equal(again.ok, false);
		assert.match(again.message, /already run/);
	});

	test('the attempt is recorded before the first write; an audit log that cannot be written refuses the action, nothing applied', async () => {
		const namespace = await freshNamespace();
		const objects = [configMap('settings', namespace, {LOG_LEVEL: 'info'})];
		repo.commit(`${namespace}: settings`, files(`apps/${namespace}`, objects));
		const config = app('web', namespace);

		const blocker = join(sandbox.root, `not-a-dir-${namespace}`);
		await writeFile(blocker, '');
		const broken = serviceFor(config, {audit: new AuditLog(join(blocker, 'driftwatch', 'audit.log'))});
		const refused = await broken.service.plan(await syncRequest(config), broken.app);
		assert.match(refused.refusal ?? '', /audit log .* cannot be written: .*nothing was sent/);
		assert.equal(await live(objects[0]!), null, 'nothing applied');

		const {service: actions, app: appRow} = serviceFor(config);
		const outcome = await actions.run(await actions.plan(await syncRequest(config), appRow));
		assert.equal(outcome.ok, true, outcome.message);
		const raw = (await readFile(audit.path, 'utf8'))
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as AuditRecord)
			.filter(entry => entry.namespace === namespace);
		// The refusal itself could not be recorded in the broken log; the good log holds the sync's two lines.
		assert.deepEqual(
			raw.map(entry => entry.result),
			['started', 'ok'],
			'the start is on disk before the outcome',
		);
		assert.equal(raw[0]!.attempt, raw[1]!.attempt);
		assert.deepEqual(
			(await auditOf(config)).map(entry => entry.result),
			['ok'],
			'read back, an attempt is one record',
		);
	});

	test('a failing sync whose error echoes a credential in a URL: neither the audit log nor the user sees it', async () => {
		const namespace = await freshNamespace();
		// The API server rejects the label value and quotes it back in its error.
		const leaky = {
			...configMap('settings', namespace, {LOG_LEVEL: 'info'}),
			metadata: {name: 'settings', namespace, labels: {source: 'https://user:s3cret@git.example/repo.git'}},
		};
		repo.commit(`${namespace}: leaky`, files(`apps/${namespace}`, [leaky]));
		const config = app('leaky', namespace);
		const {service: actions, app: appRow} = serviceFor(config);
		const plan = await actions.plan(await syncRequest(config), appRow);
		const seen = [plan.refusal ?? '', ...plan.warnings, ...plan.effects];
		if (plan.refusal === null) {
			const outcome = await actions.run(plan);
			assert.equal(outcome.ok, false, outcome.message);
			seen.push(outcome.message);
		}
		const lines = await auditOf(config);
		const failure = lines.find(line => line.result !== 'ok');
		assert.match(failure?.error ?? '', /https:\/\/\*\*\*@git\.example\/repo\.git/, 'the record says which value, credential hidden');
		assert.equal(JSON.stringify(lines).includes('s3cret'), false, JSON.stringify(lines));
		assert.equal((await readFile(audit.path, 'utf8')).includes('s3cret'), false, 'the audit file holds no credential');
		assert.equal(seen.join('\n').includes('s3cret'), false, seen.join('\n'));
	});

	test('sync with prune: the leftovers are listed in the plan, then deleted after the apply; unlabelled objects stay', async () => {
		const namespace = await freshNamespace();
		repo.commit(`${namespace}: shop`, files(`apps/${namespace}`, [configMap('settings', namespace, {LOG_LEVEL: 'info'})]));
		const legacy = labelled(configMap('legacy', namespace, {old: 'yes'}), 'shop');
		const oldSecret = labelled(secret('old-credentials', namespace, {password: secretValue}), 'shop');
		const bystander = configMap('bystander', namespace, {mine: 'yes'});
		for (const object of [legacy, oldSecret, bystander]) await serverSideApply(kc, object, 'driftwatch');
		const config = app('shop', namespace, {prune: true});
		const {service: actions, app: appRow} = serviceFor(config);

		const kept = await actions.plan(await syncRequest(config, {prune: false}), appRow);
		assert.ok(kept.effects.includes('prune: off for this action'), kept.effects.join('\n'));
		assert.equal(kept.fixedParams, undefined, 'prune can be switched for this app');
		assert.ok(kept.effects.some(effect => effect.startsWith(`keep ConfigMap/${namespace}/legacy`)));

		const plan = await actions.plan(await syncRequest(config), appRow);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		assert.ok(plan.effects.includes(`delete ConfigMap/${namespace}/legacy (no longer in Git)`), plan.effects.join('\n'));
		assert.ok(plan.effects.includes(`delete Secret/${namespace}/old-credentials (no longer in Git)`), plan.effects.join('\n'));
		assert.ok(!plan.effects.some(effect => effect.includes('bystander')));
		assert.match(plan.warnings.join('\n'), /2 objects will be deleted/);
		const diff = await plan.diff!();
		assert.deepEqual(
			diff!.resources
				.filter(resource => resource.change === 'removed')
				.map(resource => resource.ref.name)
				.sort(),
			['legacy', 'old-credentials'],
		);

		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, true, outcome.message);
		assert.match(outcome.message, /deleted 2$/);
		for (const object of [legacy, oldSecret]) {
			const gone = await pollLive(object, found => found === null || Boolean(found.metadata?.deletionTimestamp));
			assert.ok(gone === null || gone.metadata?.deletionTimestamp, `${object.metadata?.name} deleted`);
		}
		assert.ok(await live(bystander), 'an object without the app label is never pruned');
		assert.ok(await live(configMap('settings', namespace, {})));
		const lines = await auditOf(config);
		assert.deepEqual(
			lines.map(line => `${line.result} ${JSON.stringify(line.params)}`),
			['ok {}'],
		);
		assert.equal((await readFile(audit.path, 'utf8')).includes(secretValue), false);
	});

	test('sync of an app that brings its namespace and a CRD: they are applied first, then what lives in them', async () => {
		const namespace = `act-${process.pid}-fresh`;
		const group = `act${process.pid}.example.com`;
		const crd: KubeObject = {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name: `widgets.${group}`},
			spec: {
				group,
				scope: 'Namespaced',
				names: {plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList'},
				versions: [
					{
						name: 'v1',
						served: true,
						storage: true,
						schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}},
					},
				],
			},
		};
		const widget: KubeObject = {apiVersion: `${group}/v1`, kind: 'Widget', metadata: {name: 'gear', namespace}, spec: {teeth: 12}};
		// Git order puts the dependants first: the sync must reorder.
		repo.commit(`${namespace}: bootstrap`, {
			[`apps/${namespace}/a-widget.yaml`]: stringify(widget),
			[`apps/${namespace}/b-settings.yaml`]: stringify(configMap('settings', namespace, {LOG_LEVEL: 'info'})),
			[`apps/${namespace}/c-crd.yaml`]: stringify(crd),
			[`apps/${namespace}/d-namespace.yaml`]: stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}),
		});
		const config = app('boot', namespace);
		const {service: actions, app: appRow} = serviceFor(config);
		const plan = await actions.plan(await syncRequest(config), appRow);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		assert.deepEqual(
			plan.effects.filter(effect => effect.startsWith('apply ') && !effect.includes('HEAD')),
			[
				`apply Namespace/${namespace}`,
				`apply CustomResourceDefinition/widgets.${group}`,
				`apply Widget/${namespace}/gear`,
				`apply ConfigMap/${namespace}/settings`,
			],
		);
		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, true, outcome.message);
		assert.deepEqual((await live(widget))?.spec, {teeth: 12});
		assert.ok(await live(configMap('settings', namespace, {})));
	});

	test('rollback to an earlier commit: the targets are the commits touching the path; the live state matches that commit', async () => {
		const namespace = await freshNamespace();
		const path = `apps/${namespace}`;
		const first = repo.commit(
			`${namespace}: info level`,
			files(path, [configMap('settings', namespace, {LOG_LEVEL: 'info'})]),
			'2026-01-02T03:04:05+01:00',
		);
		repo.commit('unrelated change', {[`elsewhere/${namespace}.txt`]: 'x'}, '2026-01-03T03:04:05+01:00');
		const second = repo.commit(
			`${namespace}: debug level`,
			files(path, [configMap('settings', namespace, {LOG_LEVEL: 'debug'}), configMap('extra', namespace, {a: '1'})]),
			'2026-01-04T03:04:05+01:00',
		);
		const config = app('api', namespace);
		const {service: actions, app: appRow} = serviceFor(config);
		assert.equal((await actions.run(await actions.plan(await syncRequest(config), appRow))).ok, true);
		assert.deepEqual((await live(configMap('settings', namespace, {})))?.data, {LOG_LEVEL: 'debug'});

		const rollback = (to?: string): ActionRequest => ({kind: 'rollback', appId: appRow.id, params: to ? {to} : {}});
		const choosing = await actions.plan(rollback(), appRow);
		assert.equal(choosing.refusal, null);
		assert.deepEqual(
			choosing.choices?.map(choice => choice.id),
			[first],
			"older commits touching the path, newest first; HEAD's own is not a target",
		);
		assert.equal(choosing.choices?.[0]?.label, `${first.slice(0, 7)} ${namespace}: info level — Ada Lovelace, 2026-01-02`);
		const unchosen = await actions.run(choosing);
		assert.equal(unchosen.ok, false);
		assert.equal(unchosen.refused, true);

		const plan = await actions.plan(rollback(first.slice(0, 9)), appRow);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		assert.equal(plan.title, `Roll back Git ${namespace}/api`);
		assert.ok(plan.effects.includes('the next sync applies main HEAD again unless Git is reverted'), plan.effects.join('\n'));
		assert.match(plan.effects.join('\n'), new RegExp(`undoes 1 later commit touching ${path}: ${second.slice(0, 7)}`));
		assert.ok(
			plan.effects.some(effect => effect.startsWith(`keep ConfigMap/${namespace}/extra`)),
			plan.effects.join('\n'),
		);
		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, true, outcome.message);
		assert.deepEqual((await live(configMap('settings', namespace, {})))?.data, {LOG_LEVEL: 'info'});
		assert.ok(await live(configMap('extra', namespace, {})), 'prune is off: the object the later commit added stays');

		const refusedTarget = await actions.plan(rollback(second), appRow);
		assert.match(refusedTarget.refusal ?? '', /nothing to roll back/);
		const lines = await auditOf(config);
		assert.deepEqual(
			lines.map(line => `${line.action} ${line.result} ${line.params.to ?? ''}`),
			['sync ok ', 'rollback refused ', `rollback ok ${first.slice(0, 9)}`, `rollback refused ${second}`],
		);
	});

	test('rollback reverted in Git: the later commits touching the path are reverted and pushed, then applied', async () => {
		const namespace = await freshNamespace();
		const path = `apps/${namespace}`;
		const work = WorkRepo.create(sandbox, `revert-${namespace}`);
		const first = work.commit('v1', files(path, [configMap('settings', namespace, {LOG_LEVEL: 'info'})]));
		work.commit('v2', {...files(path, [configMap('settings', namespace, {LOG_LEVEL: 'debug'})]), 'README.md': 'v2 notes'});
		const server = work.pushToBare(sandbox, `server-${namespace}.git`);
		const config = app('pay', namespace, {repo: server});
		const {service: actions, app: appRow} = serviceFor(config);
		const plan = await actions.plan({kind: 'rollback', appId: appRow.id, params: {to: first, revertInGit: true}}, appRow);
		assert.equal(plan.refusal, null, plan.refusal ?? '');
		assert.ok(
			plan.effects.some(effect => /revert it in Git and push to main/.test(effect)),
			plan.effects.join('\n'),
		);
		assert.ok(
			plan.warnings.some(warning => /also changes README\.md outside apps\/.*: the revert undoes that too/.test(warning)),
			plan.warnings.join('\n'),
		);
		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, true, outcome.message);
		assert.match(outcome.message, /reverted 1 commit in Git/);
		assert.deepEqual((await live(configMap('settings', namespace, {})))?.data, {LOG_LEVEL: 'info'});
		const pushed = execFileSync('git', ['--git-dir', server, 'show', `main:${path}/configmap-settings.yaml`], {
			env: sandbox.env,
			encoding: 'utf8',
		});
		assert.match(pushed, /LOG_LEVEL: info/);
		assert.match(
			execFileSync('git', ['--git-dir', server, 'log', '-1', '--format=%s', 'main'], {env: sandbox.env, encoding: 'utf8'}),
			/^Revert "v2"/,
		);
		// The next sync applies the reverted HEAD: the rollback stays.
		const next = await actions.plan(await syncRequest(config), appRow);
		assert.match(next.effects[0]!, /Revert "v2"/);
	});

	test('read-only: every action is refused and nothing but GETs reach the server; the refusal is audited', async () => {
		const namespace = await freshNamespace();
		repo.commit(`${namespace}: ro`, files(`apps/${namespace}`, [configMap('settings', namespace, {LOG_LEVEL: 'info'})]));
		const config = app('ro', namespace, {prune: true});
		const {service: actions, app: appRow} = serviceFor(config, {readonly: true});
		faultsOf(backend)?.clearRequests();
		const plan = await actions.plan(await syncRequest(config), appRow);
		assert.equal(
			plan.refusal,
			`read-only: ${backend.adminContext} is read-only (--readonly or readonly: true in the config); nothing was sent`,
		);
		const outcome = await actions.run(plan);
		assert.equal(outcome.ok, false);
		assert.equal(outcome.refused, true);
		const rollback = await actions.plan({kind: 'rollback', appId: appRow.id, params: {to: 'HEAD'}}, appRow);
		assert.match(rollback.refusal ?? '', /^read-only: /);
		assert.equal(await live(configMap('settings', namespace, {})), null, 'nothing was created');
		const log = faultsOf(backend);
		if (log) {
			const writes = log.requests.filter(request => request.method !== 'GET');
			assert.deepEqual(writes, [], 'only GETs were sent');
		}
		const lines = await auditOf(config);
		assert.deepEqual(
			lines.map(line => `${line.action} ${line.result}`),
			['sync refused', 'rollback refused'],
		);
		assert.match(lines[0]!.error ?? '', /^read-only: /);
	});

	test('a viewer: refused before anything is sent, since the server says it may not patch; nothing changes, the refusal is audited', async () => {
		const namespace = await freshNamespace();
		const objects = [configMap('settings', namespace, {LOG_LEVEL: 'info'}), deployment('web', namespace)];
		repo.commit(`${namespace}: viewer`, files(`apps/${namespace}`, objects));
		await serverSideApply(kc, labelled(configMap('settings', namespace, {LOG_LEVEL: 'debug'}), 'view'), 'driftwatch');
		const config = app('view', namespace);
		const {service: actions, app: appRow} = serviceFor(config, {context: backend.viewerContext});
		faultsOf(backend)?.clearRequests();
		const refusal = `your identity (context ${backend.viewerContext}) may not patch configmaps in ${namespace}, patch deployments.apps in ${namespace}: nothing was changed`;
		const plan = await actions.plan({kind: 'sync', appId: appRow.id}, appRow);
		assert.equal(plan.refusal, refusal, 'the confirmation says so before anything is sent');
		assert.ok(
			plan.effects.some(effect => effect === `apply Deployment/${namespace}/web`),
			'what it would have done is still shown',
		);
		const outcome = await actions.run(plan);
		assert.deepEqual({ok: outcome.ok, refused: outcome.refused, message: outcome.message}, {ok: false, refused: true, message: refusal});
		assert.deepEqual((await live(configMap('settings', namespace, {})))?.data, {LOG_LEVEL: 'debug'});
		assert.equal(await live(deployment('web', namespace)), null);
		const log = faultsOf(backend);
		if (log) assert.deepEqual(writesSent(log.requests), [], 'not even a dry run was sent');
		const [line] = await auditOf(config);
		assert.equal(line?.result, 'refused');
		assert.equal(line?.error, refusal);
	});

	test('a viewer rolling back with revert in Git: refused up front, nothing pushed, nothing applied', async () => {
		const namespace = await freshNamespace();
		const path = `apps/${namespace}`;
		const work = WorkRepo.create(sandbox, `viewer-revert-${namespace}`);
		const first = work.commit('v1', files(path, [configMap('settings', namespace, {LOG_LEVEL: 'info'})]));
		work.commit('v2', files(path, [configMap('settings', namespace, {LOG_LEVEL: 'debug'})]));
		const server = work.pushToBare(sandbox, `viewer-server-${namespace}.git`);
		const refs = () => execFileSync('git', ['--git-dir', server, 'show-ref'], {env: sandbox.env, encoding: 'utf8'});
		const before = refs();
		const config = app('pay', namespace, {repo: server});
		const {service: actions, app: appRow} = serviceFor(config, {context: backend.viewerContext});
		const plan = await actions.plan({kind: 'rollback', appId: appRow.id, params: {to: first, revertInGit: true}}, appRow);
		assert.equal(
			plan.refusal,
			`your identity (context ${backend.viewerContext}) may not patch configmaps in ${namespace}: nothing was changed`,
		);
		const outcome = await actions.run(plan);
		assert.equal(outcome.refused, true);
		assert.equal(refs(), before, "the remote's refs are unchanged");
		assert.equal(await live(configMap('settings', namespace, {})), null);
	});
});
