// `driftwatch demo` tells the drift story offline: a real Git repository in a
// temp dir, apps seeded live as Git says (then drifted by hand), and the live
// monitor with the demo's config showing what differs and from which commit.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import type {KubeConfig} from '@kubernetes/client-node';
import type {AppDriftState} from '../../../source/core/drift/drift-state.js';
import type {AppSummary} from '../../../source/core/apps/model.js';
import type {DetailState} from '../../../source/core/monitor/monitor.js';
import type {GitRepos} from '../../../source/core/git/git-repos.js';
import {loadKubeConfig} from '../../../source/core/kube/kubeconfig.js';
import {createLiveMonitor, type LiveMonitor} from '../../../source/core/monitor/live-monitor.js';
import {providers} from '../../../source/core/controllers/controllers.js';
import {startDemoController} from '../../../source/demo/controller.js';
import {demoConfig} from '../../../source/demo/demo-config.js';
import {demoGitRepos} from '../../../source/demo/demo-git.js';
import {cartRedisPassword} from '../../../source/demo/git-history.js';
import {createDemoGitRepo, type DemoGitRepo} from '../../../source/demo/git-repo.js';
import {getObject} from '../../../source/demo/rest.js';
import {seedDemo} from '../../../source/demo/seed.js';
import {localRemoteDirs} from '../../../source/demo/seed-remotes.js';
import {startBackend, type TestBackend} from '../../support/backend.js';
import {waitForObject} from '../../support/fixtures.js';
import {waitFor} from '../../support/wait-for.js';

const timeoutMs = 20_000;

function changes(state: AppDriftState): string[] {
	return (state.report?.resources ?? []).map(resource => `${resource.change} ${resource.ref.kind}/${resource.ref.name}`).sort();
}

function diffOf(state: AppDriftState, kind: string, name: string): string {
	const resource = state.report?.resources.find(candidate => candidate.ref.kind === kind && candidate.ref.name === name);
	assert.ok(resource?.diff, `no diff for ${kind}/${name}`);
	return resource.diff.text();
}

describe('the demo drift story', () => {
	let backend: TestBackend;
	let kc: KubeConfig;
	let repo: DemoGitRepo;
	let git: GitRepos;
	let monitor: LiveMonitor;

	function app(kind: string, namespace: string, name: string, check: (row: AppSummary) => boolean = () => true): Promise<AppSummary> {
		return waitFor(
			() =>
				monitor.store.getSnapshot().apps.find(row => row.kind === kind && row.namespace === namespace && row.name === name && check(row)),
			timeoutMs,
			() => `${kind} ${namespace}/${name}: ${JSON.stringify(monitor.store.getSnapshot().apps.find(row => row.name === name))}`,
		);
	}

	/** The first computed drift of an app (not pending), as the detail's drift section would get it. */
	async function driftOf(
		row: AppSummary,
		check: (state: AppDriftState) => boolean = state => state.phase !== 'pending',
	): Promise<AppDriftState> {
		let latest: AppDriftState | null = null;
		const stop = monitor.watchDrift(row.id, state => {
			latest = state;
		});
		try {
			return await waitFor(
				() => (latest && check(latest) ? latest : undefined),
				timeoutMs,
				() => `${row.name} drift: ${JSON.stringify({phase: latest?.phase, error: latest?.error, changes: latest && changes(latest)})}`,
			);
		} finally {
			stop();
		}
	}

	before(async () => {
		backend = await startBackend();
		kc = backend.kubeConfig();
		repo = await createDemoGitRepo();
		await seedDemo(kc, {git: repo});
		const config = demoConfig(repo.dir);
		git = demoGitRepos(repo, 3600);
		const kubeconfig = loadKubeConfig({path: backend.kubeconfigPath, context: backend.adminContext});
		monitor = createLiveMonitor({kubeconfig, namespace: null, providers, config, git, batchMs: 50, driftRecheckMs: 10 * 60_000});
	});
	after(async () => {
		await monitor?.close();
		await git?.stop();
		await backend?.close();
		await repo?.cleanup();
	});

	test('the repository is real: main carries commits by several people, newest last', () => {
		const log = execFileSync('git', ['-C', repo.dir, 'log', '--format=%H %an: %s', 'main'], {encoding: 'utf8'})
			.trim()
			.split('\n')
			.reverse();
		assert.deepEqual(
			log,
			repo.commits.map(commit => `${commit.sha} ${commit.author}: ${commit.subject}`),
		);
		assert.ok(repo.commits.length >= 3, `${repo.commits.length} commits`);
		assert.ok(new Set(repo.commits.map(commit => commit.author)).size >= 2);
		assert.equal(repo.head, repo.commits.at(-1)!.sha);
	});

	test('native notes is OutOfSync (main moved to notes 1.8.0), wiki is Synced', async () => {
		const notes = await app('Git', 'demo-native', 'notes', row => row.sync !== 'Unknown');
		const wiki = await app('Git', 'demo-native', 'wiki', row => row.sync !== 'Unknown');
		assert.equal(notes.sync, 'OutOfSync', notes.message);
		assert.match(notes.message, /1 modified/);
		assert.equal(wiki.sync, 'Synced', wiki.message);
		assert.equal(wiki.health, 'Healthy');

		const drift = await driftOf(notes);
		assert.equal(drift.rendered?.revision, repo.head);
		assert.equal(drift.rendered?.commit?.subject, 'notes: bump to 1.8.0');
		assert.equal(drift.rendered?.commit?.author, 'Marcus Chen');
		const diff = diffOf(drift, 'Deployment', 'notes');
		assert.match(diff, /^-\s+- image: ghcr\.io\/acme\/notes:1\.7\.3$/m);
		assert.match(diff, /^\+\s+- image: ghcr\.io\/acme\/notes:1\.8\.0$/m);
	});

	test('Argo CD cart: the replicas scaled by hand and the changed Secret (masked) show against the compared commit', async () => {
		const cart = await app('Application', 'argocd', 'cart');
		assert.equal(cart.sync, 'OutOfSync');
		const drift = await driftOf(cart);
		assert.equal(drift.phase, 'ready', drift.error ?? '');
		assert.equal(drift.rendered?.revision, repo.sha('search-synonyms'));
		assert.equal(drift.rendered?.commit?.subject, 'search: synonyms in their own ConfigMap, drop the legacy config');
		// OutOfSync: counted from what it deployed (its newest history entry), not from what Argo CD compared.
		assert.equal(drift.tracked?.ahead, 4, 'main is four commits ahead of what cart runs');
		assert.equal(drift.tracked?.head?.commit?.subject, 'notes: bump to 1.8.0');
		assert.deepEqual(changes(drift), [
			'modified ConfigMap/cart-config',
			'modified Deployment/cart',
			'modified Secret/cart-redis',
			'unchanged Service/cart',
		]);

		const replicas = diffOf(drift, 'Deployment', 'cart');
		assert.match(replicas, /^-\s+replicas: 4$/m);
		assert.match(replicas, /^\+\s+replicas: 2$/m);
		const deployment = await getObject(kc, {apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cart'});
		const managers = ((deployment.metadata?.managedFields ?? []) as Array<{manager?: string}>).map(entry => entry.manager);
		assert.ok(managers.includes('kubectl-edit') && managers.includes('argocd-controller'), managers.join(', '));

		assert.match(diffOf(drift, 'ConfigMap', 'cart-config'), /^-\s+CART_TTL: 48h$/m);
		const secret = diffOf(drift, 'Secret', 'cart-redis');
		assert.match(secret, /^-\s+REDIS_PASSWORD: '?\+{8,}'?$/m);
		assert.match(secret, /^\+\s+REDIS_PASSWORD: '?\+{8,}'?$/m);
		const everything = drift
			.report!.resources.map(resource => `${resource.diff?.text()}${resource.diff?.leftText}${resource.diff?.rightText}`)
			.join('\n');
		for (const value of [cartRedisPassword, Buffer.from(cartRedisPassword).toString('base64')])
			assert.ok(!everything.includes(value), `secret value shown: ${value}`);
	});

	test('Argo CD search: the object its failed sync should add is missing, the one Git dropped would be pruned', async () => {
		const drift = await driftOf(await app('Application', 'argocd', 'search'));
		assert.deepEqual(changes(drift), [
			'added ConfigMap/search-synonyms',
			'removed ConfigMap/search-legacy-config',
			'unchanged Deployment/search',
			'unchanged Service/search',
		]);
	});

	test('Argo CD checkout is in sync at its release commit, two commits behind main; its history names the commits', async () => {
		const checkout = await app('Application', 'argocd', 'checkout');
		const drift = await driftOf(checkout);
		assert.equal(drift.report?.status, 'Synced', JSON.stringify(drift.report?.errors));
		assert.equal(drift.rendered?.commit?.subject, 'checkout: release 3.2.0 with the new payment gateway client');
		assert.equal(drift.tracked?.ahead, 2);
		assert.equal(drift.disagreement, null);

		let detail: DetailState | null = null;
		const stop = monitor.watchDetail(checkout.id, state => {
			detail = state;
		});
		const history = await waitFor(
			() => {
				const entries = (detail as DetailState | null)?.detail?.history ?? [];
				return entries.length > 0 && entries.every(entry => entry.commit) ? entries : undefined;
			},
			timeoutMs,
			() => JSON.stringify((detail as DetailState | null)?.detail?.history),
		).finally(stop);
		assert.deepEqual(history.map(entry => entry.commit?.subject).sort(), [
			'checkout: release 3.2.0 with the new payment gateway client',
			'shop: storefront, checkout, cart and search manifests',
		]);
	});

	test('Flux guestbook and Argo CD storefront match Git', async () => {
		for (const row of [await app('Kustomization', 'flux-system', 'guestbook'), await app('Application', 'argocd', 'storefront')]) {
			const drift = await driftOf(row);
			assert.equal(drift.report?.status, 'Synced', `${row.name}: ${drift.error ?? JSON.stringify(changes(drift))}`);
			assert.equal(drift.rendered?.revision, repo.head);
			assert.equal(drift.tracked?.ahead, 0);
		}
	});

	test('the simulated controller never moves the demo repository to commits it does not have', async () => {
		const gitRepository = (name: string) => ({
			apiVersion: 'source.toolkit.fluxcd.io/v1',
			kind: 'GitRepository',
			namespace: 'flux-system',
			name,
		});
		const policies = gitRepository('platform-policies');
		const policiesBefore = (await getObject(kc, policies)).status.artifact.revision;
		const policiesDir = localRemoteDirs(repo).platformPolicies;
		const controller = startDemoController(kc, {intervalMs: 20, commitEveryTicks: 1, commitTo: [policiesDir]});
		try {
			// New commits go round robin over the ready repositories in name order: gitops-demo comes before platform-policies.
			await waitForObject(kc, policies, object => object.status.artifact.revision !== policiesBefore, {
				timeoutMs,
				describe: 'a new commit in platform-policies',
			});
		} finally {
			await controller.stop();
		}
		// The teammate's commit is real: the artifact names a commit platform-policies has.
		const pushed = /sha1:([0-9a-f]{40})$/.exec((await getObject(kc, policies)).status.artifact.revision)?.[1] ?? '';
		assert.equal(execFileSync('git', ['-C', policiesDir, 'cat-file', '-t', pushed], {encoding: 'utf8'}).trim(), 'commit');
		const source = await getObject(kc, gitRepository('gitops-demo'));
		assert.equal(source.status.artifact.revision, `main@sha1:${repo.head}`);
		const guestbook = await getObject(kc, {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			namespace: 'flux-system',
			name: 'guestbook',
		});
		assert.equal(guestbook.status.lastAppliedRevision, `main@sha1:${repo.head}`);
	});

	test('cleanup removes the repository', async () => {
		const scratch = await createDemoGitRepo();
		assert.ok(existsSync(scratch.dir));
		await scratch.cleanup();
		assert.ok(!existsSync(scratch.root));
	});
});
