// Several kube contexts in one monitor: two backends in one kubeconfig. The list merges both (each row carries
// its context), a context whose server goes away dims to stale while the other keeps updating and comes back by
// itself, read-only is per context, and an action goes to its row's context only.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {AuditLog, readAuditLog} from '../../source/core/actions/audit-log.js';
import {providers} from '../../source/core/controllers/controllers.js';
import {loadKubeConfigs} from '../../source/core/kube/kubeconfig.js';
import {unreadPhases} from '../../source/core/kube/source-state.js';
import {createMonitorForContexts} from '../../source/core/monitor/multi-context-monitor.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {defaultConfig} from '../../source/core/native/config-types.js';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {parse, stringify} from 'yaml';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {argoApp, getObject, refOf} from '../support/fixtures.js';
import {prepareCluster, putAll} from './support/seed.js';
import {untilSnapshot} from './support/live.js';
import {sandboxOrSkip} from '../support/backend.js';
import {GitRepos} from '../../source/core/git/git-repos.js';
import {makeSandbox} from '../unit/git/git-fixture.js';
import {startBackends, type TestBackends} from '../support/backends.js';
import {runCli} from '../support/cli.js';
import {showApp} from '../support/app-harness.js';

const namespace = 'multi-context';
const timing = {backoff: {initialMs: 50, maxMs: 400}};

/** Two servers, east and west-prod, each with an app of its own (shop-CONTEXT) and one of the same name (shared). */
async function seededEstate(): Promise<TestBackends> {
	const estate = await startBackends(['east', 'west-prod']);
	for (const name of estate.contexts) {
		const kc = estate.kubeConfig(name);
		await prepareCluster(kc, [namespace]);
		await putAll(kc, [argoApp(`shop-${name}`, namespace), argoApp('shared', namespace)]);
	}
	return estate;
}

describe('several contexts in one monitor', () => {
	let estate: TestBackends;
	let monitor: LiveMonitor;
	let auditPath: string;
	let open: () => LiveMonitor;

	before(async () => {
		estate = await seededEstate();
		const config = {
			...defaultConfig(),
			watchContexts: [
				{pattern: 'east', readonly: false},
				{pattern: '*-prod', readonly: true},
			],
		};
		const kubeconfigs = loadKubeConfigs({path: estate.kubeconfigPath, selection: {config}});
		assert.deepEqual(
			kubeconfigs.map(loaded => loaded.context),
			['east', 'west-prod'],
		);
		auditPath = join(mkdtempSync(join(tmpdir(), 'driftwatch-audit-')), 'audit.log');
		open = () =>
			createMonitorForContexts({kubeconfigs, namespace: null, providers, config, timing, batchMs: 20, audit: new AuditLog(auditPath)});
		monitor = open();
	});
	after(async () => {
		await monitor?.close();
		await estate?.close();
	});

	test('one list of both contexts: each row carries its context, each context its state', async () => {
		const snapshot = await untilSnapshot(
			monitor,
			current =>
				current.apps.length === 4 &&
				current.watched?.every(context => context.sources.length > 0 && context.sources.every(source => source.phase === 'live')) &&
				current,
			'both contexts listed and live',
			15_000,
		);
		assert.deepEqual(snapshot.apps.map(app => `${app.context}:${app.name}`).sort(), [
			'east:shared',
			'east:shop-east',
			'west-prod:shared',
			'west-prod:shop-west-prod',
		]);
		assert.deepEqual(
			snapshot.watched?.map(context => [context.name, context.apps, context.production, context.readonly]),
			[
				['east', 2, false, false],
				['west-prod', 2, true, true],
			],
		);
		assert.ok(snapshot.sources.every(source => source.context === 'east' || source.context === 'west-prod'));
	});

	test('read-only per context: actions offered in east only; a refused one in west-prod sends nothing', async () => {
		const {apps} = monitor.store.getSnapshot();
		const east = apps.find(app => app.context === 'east' && app.name === 'shared')!;
		const west = apps.find(app => app.context === 'west-prod' && app.name === 'shared')!;
		assert.ok(monitor.actionsFor(east.id).includes('refresh'));
		assert.deepEqual(monitor.actionsFor(west.id), []);
		const refused = await monitor.planAction({kind: 'refresh', appId: west.id});
		assert.equal(refused.context, 'west-prod');
		assert.equal(refused.production, true);
		assert.match(refused.refusal ?? '', /read-only: west-prod is read-only/);
	});

	test('an action goes to its row context only, and the audit log names that context', async () => {
		const east = monitor.store.getSnapshot().apps.find(app => app.context === 'east' && app.name === 'shared')!;
		const plan = await monitor.planAction({kind: 'refresh', appId: east.id});
		assert.equal(plan.context, 'east');
		assert.equal(plan.production, false);
		const result = await monitor.runAction(plan);
		assert.equal(result.ok, true, JSON.stringify(result));
		const annotation = async (context: string) =>
			(await getObject(estate.kubeConfig(context), refOf(argoApp('shared', namespace)))).metadata?.annotations?.[
				'argocd.argoproj.io/refresh'
			];
		assert.equal(await annotation('east'), 'normal');
		assert.equal(await annotation('west-prod'), undefined);
		const records = await readAuditLog(auditPath);
		assert.deepEqual(
			records.filter(record => record.action === 'refresh').map(record => [record.context, record.result]),
			[
				['west-prod', 'refused'],
				['east', 'ok'],
			],
		);
	});

	test("one context's server gone: its rows stay, marked not live; the other keeps updating; it comes back by itself", async () => {
		await estate.stop('west-prod', {crash: true});
		try {
			await untilSnapshot(
				monitor,
				current => current.watched?.find(context => context.name === 'west-prod')?.sources.some(source => unreadPhases.has(source.phase)),
				'west-prod not readable',
				15_000,
			);
			await putAll(estate.kubeConfig('east'), [argoApp('added-while-west-down', namespace)]);
			const snapshot = await untilSnapshot(
				monitor,
				current => current.apps.some(app => app.context === 'east' && app.name === 'added-while-west-down') && current,
				'east to keep updating while west-prod is down',
				15_000,
			);
			assert.equal(snapshot.apps.filter(app => app.context === 'west-prod').length, 2, "west-prod's rows stay");
			assert.ok(snapshot.watched?.find(context => context.name === 'east')?.sources.every(source => source.phase === 'live'));
		} finally {
			await estate.start('west-prod');
		}
		await untilSnapshot(
			monitor,
			current => current.watched?.find(context => context.name === 'west-prod')?.sources.every(source => source.phase === 'live'),
			'west-prod live again by itself',
			30_000,
		);
	});

	test("a slow context (2 s a request) does not hold up the other's first listing", async t => {
		const west = sandboxOrSkip(t, estate.member('west-prod').backend, "needs the sandbox's latency injection");
		if (!west) return;
		west.faults.setLatency(2000);
		const fresh = open();
		try {
			const first = await untilSnapshot(
				fresh,
				current => current.apps.some(app => app.context === 'east') && current,
				"east's apps",
				10_000,
			);
			// West needs discovery and a list, each at least 2 s: had the first frame waited for it, its apps would be there.
			assert.equal(first.apps.filter(app => app.context === 'west-prod').length, 0, 'east shown without waiting for west-prod');
			await untilSnapshot(
				fresh,
				current => current.apps.filter(app => app.context === 'west-prod').length === 2,
				'west-prod after its delay',
				30_000,
			);
		} finally {
			west.faults.setLatency(0);
			await fresh.close();
		}
	});

	test('an unauthorized context says so (with its re-login hint) for itself only', async t => {
		const west = sandboxOrSkip(t, estate.member('west-prod').backend, "needs the sandbox's 401 injection");
		if (!west) return;
		west.faults.failNext('until-cleared', 401);
		const fresh = open();
		try {
			const snapshot = await untilSnapshot(
				fresh,
				current => {
					const contexts = current.watched ?? [];
					const westDown = contexts.find(context => context.name === 'west-prod')?.sources.some(source => source.phase === 'unauthorized');
					const eastLive = contexts.find(context => context.name === 'east')?.sources.every(source => source.phase === 'live');
					return westDown && eastLive && current.apps.some(app => app.context === 'east') && current;
				},
				'west-prod unauthorized, east live',
				15_000,
			);
			const westSources = snapshot.watched!.find(context => context.name === 'west-prod')!.sources;
			assert.match(westSources.find(source => source.phase === 'unauthorized')!.message, /west-prod-user|re-login|credentials/);
			assert.ok(snapshot.sources.filter(source => source.context === 'east').every(source => source.phase === 'live'));
		} finally {
			west.faults.clearFailures();
			await fresh.close();
		}
	});

	test('Git apps: one with context: in that context only, one without in every watched context', async () => {
		const gitSandbox = makeSandbox();
		const git = new GitRepos({env: gitSandbox.env, cacheDir: join(gitSandbox.cacheHome, 'driftwatch', 'repos'), pollSeconds: 3600});
		const gitApp = (name: string, context: string | null) => ({
			name,
			repo: join(gitSandbox.root, 'no-such-repo'),
			branch: 'main',
			path: '.',
			namespace,
			context,
			prune: false,
			line: 1,
		});
		const config = {...defaultConfig(), apps: [gitApp('east-only', 'east'), gitApp('everywhere', null)]};
		const kubeconfigs = loadKubeConfigs({path: estate.kubeconfigPath, selection: {flag: 'east,west-prod'}});
		const fresh = createMonitorForContexts({kubeconfigs, namespace: null, providers, config, timing, batchMs: 20, git});
		try {
			const snapshot = await untilSnapshot(
				fresh,
				current => current.apps.filter(app => app.kind === 'Git').length >= 3 && current,
				'the Git apps listed',
				10_000,
			);
			assert.deepEqual(
				snapshot.apps
					.filter(app => app.kind === 'Git')
					.map(app => `${app.context}:${app.name}`)
					.sort(),
				['east:east-only', 'east:everywhere', 'west-prod:everywhere'],
			);
		} finally {
			await fresh.close();
			await git.stop();
			gitSandbox.cleanup();
		}
	});

	test('the TUI at 80×24: a CONTEXT column; a context down dims its rows and says so in its header entry, then recovers', async () => {
		const screen = showApp(monitor, {width: 80, height: 24});
		try {
			await screen.until(frame => /S H CONTEXT\s+NAME/.test(frame) && /west-prod\s+shop-west-prod/.test(frame), 'both contexts listed');
			await estate.stop('west-prod', {crash: true});
			try {
				// Each watched type notices on its own: the header's entry turns with the first, the Argo CD rows with theirs.
				const westRows = (frame: string) => frame.split('\n').filter(line => /west-prod\s+(shared|shop-west-prod)/.test(line));
				const frame = await screen.until(
					frame => /west-prod (disconnected|stale)/.test(frame) && westRows(frame).every(row => /^.[◌*]/.test(row)),
					"west-prod's header entry says it is down, and its rows are marked",
					15_000,
				);
				assert.equal(westRows(frame).length, 2, frame);
				assert.match(frame, /east live/);
				assert.ok(
					frame
						.split('\n')
						.filter(line => /east\s+(shared|shop-east)/.test(line))
						.every(row => /^. /.test(row)),
					`east's rows are not marked:\n${frame}`,
				);
			} finally {
				await estate.start('west-prod');
			}
			await screen.until(frame => /west-prod live/.test(frame) && !frame.includes('not live'), 'west-prod back by itself', 30_000);
		} finally {
			screen.unmount();
		}
	});
});

/** `status --json`'s apps as CONTEXT:NAME, sorted. */
function contextApps(stdout: string): string[] {
	return (JSON.parse(stdout) as {apps: {context: string; name: string}[]}).apps.map(app => `${app.context}:${app.name}`).sort();
}
/** The apps of the east and west-prod estates the CLI suite makes. */
const bothContextsApps = ['east:shared', 'east:shop-east', 'west-prod:shared', 'west-prod:shop-west-prod'];

describe('the CLI over several contexts', () => {
	let estate: TestBackends;
	let env: NodeJS.ProcessEnv;

	before(async () => {
		estate = await seededEstate();
		const home = mkdtempSync(join(tmpdir(), 'driftwatch-cli-home-'));
		env = {KUBECONFIG: estate.kubeconfigPath, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state')};
	});
	after(async () => {
		await estate?.close();
	});

	test('status --context a,b --json: every app with its context; a table with a CONTEXT column', async () => {
		const json = await runCli(['status', '--context', 'east,west-prod', '--json', '-n', namespace], env);
		assert.equal(json.code, 0, json.stderr);
		assert.deepEqual(contextApps(json.stdout), bothContextsApps);
		const table = await runCli(['status', '--context', 'east,*-prod', '-n', namespace], env);
		assert.equal(table.code, 0, table.stderr);
		assert.match(table.stdout.split('\n')[0]!, /^CONTEXT\s+SYNC\s+HEALTH/);
		assert.match(table.stdout, /^west-prod\s+Synced\s+Healthy\s+Application\s+multi-context\s+shop-west-prod/m);
	});

	test('timeline --context a,b: an entry names its app as CONTEXT:APP, since the same app lives in each', async () => {
		const text = await runCli(['timeline', '--context', 'east,west-prod', '-n', namespace], env);
		assert.equal(text.code, 0, text.stderr);
		for (const context of ['east', 'west-prod']) {
			assert.match(text.stdout, new RegExp(`^\\s*\\S+\\s+sync\\s+${context}:Application/${namespace}/shared\\s`, 'm'), text.stdout);
		}
		const json = await runCli(['timeline', '--context', 'east,west-prod', '-n', namespace, '--json'], env);
		assert.equal(json.code, 0, json.stderr);
		const entries = (JSON.parse(json.stdout) as {entries: {context?: string; app: string}[]}).entries;
		const shared = entries.filter(entry => entry.app === `Application/${namespace}/shared`).map(entry => entry.context);
		assert.deepEqual([...new Set(shared)].sort(), ['east', 'west-prod']);
	});

	test('an unknown context: one line naming it and the known ones', async () => {
		const run = await runCli(['status', '--context', 'east,nowhere'], env);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /unknown context "nowhere" \(known: east, [^)]*west-prod[^)]*\)/);
	});

	test('APP as CONTEXT:APP; the same name in several contexts is ambiguous, listing each', async () => {
		const named = await runCli(['tree', 'west-prod:multi-context/shared', '--json'], env);
		assert.equal(named.code === 0 || named.code === 1, true, named.stderr);
		const ambiguous = await runCli(['tree', 'shared', '--context', 'east,west-prod'], env);
		assert.equal(ambiguous.code, 2);
		assert.match(
			ambiguous.stderr,
			/APP "shared" is in several contexts: east:Application\/multi-context\/shared, west-prod:Application\/multi-context\/shared/,
		);
	});

	test('an action on CONTEXT:APP goes to that context only, and its plan names it', async () => {
		const run = await runCli(['refresh', 'west-prod:multi-context/shop-west-prod', '--yes'], env);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stderr, /context:\s+west-prod/);
		const annotation = async (context: string, name: string) =>
			(await getObject(estate.kubeConfig(context), refOf(argoApp(name, namespace)))).metadata?.annotations?.['argocd.argoproj.io/refresh'];
		assert.equal(await annotation('west-prod', 'shop-west-prod'), 'normal');
		const refused = await runCli(['refresh', 'east:multi-context/shop-west-prod', '--yes'], env);
		assert.equal(refused.code, 2, 'not in east');
		assert.match(refused.stderr, /no app "shop-west-prod"/);
	});

	test('a context whose kubeconfig entry cannot be used: the others are read; it is named, with why; exit 2', async () => {
		// Kubeconfigs collect contexts of clusters long gone: watching several (--context a,b, --all-contexts, the
		// config's list) must not stop at one of them.
		const withStale = join(mkdtempSync(join(tmpdir(), 'driftwatch-stale-context-')), 'kubeconfig');
		const kubeconfig = parse(readFileSync(estate.kubeconfigPath, 'utf8')) as {contexts: unknown[]};
		kubeconfig.contexts.push(
			{name: 'old-prod', context: {cluster: 'decommissioned', user: 'nobody'}},
			{name: 'older-prod', context: {cluster: 'long-gone', user: 'nobody'}},
		);
		writeFileSync(withStale, stringify(kubeconfig), {mode: 0o600});
		const run = await runCli(['status', '--context', 'east,west-prod,old-prod', '--json', '-n', namespace, '--kubeconfig', withStale], env);
		assert.equal(run.code, 2, run.stderr);
		assert.deepEqual(contextApps(run.stdout), bothContextsApps);
		assert.equal(run.stderr, 'driftwatch: context "old-prod" names cluster "decommissioned", which the kubeconfig does not define\n');
		// Alone, it is the one line it always was.
		const alone = await runCli(['status', '--context', 'old-prod', '--kubeconfig', withStale], env);
		assert.equal(alone.code, 2);
		assert.equal(alone.stdout, '');
		assert.match(alone.stderr, /^driftwatch: context "old-prod" names cluster "decommissioned", which the kubeconfig does not define\n$/);
		const none = await runCli(['status', '--context', 'old-prod,older-prod', '--kubeconfig', withStale], env);
		assert.equal(none.code, 2);
		assert.equal(none.stdout, '');
		assert.equal(
			none.stderr,
			'driftwatch: context "old-prod" names cluster "decommissioned", which the kubeconfig does not define (and no other context selected can be used)\n',
		);
	});

	test('one context down: status prints what could be read, says which could not, exits 2', async () => {
		await estate.stop('west-prod');
		try {
			const run = await runCli(['status', '--context', 'east,west-prod', '--json', '-n', namespace, '--timeout', '3s'], env);
			assert.equal(run.code, 2, run.stderr);
			const apps = (JSON.parse(run.stdout) as {apps: {context: string; name: string}[]}).apps;
			assert.deepEqual(apps.map(app => `${app.context}:${app.name}`).sort(), ['east:shared', 'east:shop-east']);
			assert.match(run.stderr, /west-prod/);
		} finally {
			await estate.start('west-prod');
		}
	});
});
