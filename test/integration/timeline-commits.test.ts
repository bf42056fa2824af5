// The all-apps timeline's commits against the test backend (the sandbox, or a real kube-apiserver in
// test:cluster): every app's tracked path is logged, a commit that several apps track is one entry naming them
// all, and only the window asked for is shown — live through the monitor, and as `driftwatch timeline` prints it.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {TimelineState} from '../../source/core/monitor/timeline-follower.js';
import type {TimelineEntry} from '../../source/core/timeline/timeline.js';
import {runCli} from '../support/cli.js';
import {createWithStatus, ensureNamespace, installGitOpsCrds} from '../support/fixtures.js';
import {waitFor} from '../support/wait-for.js';
import {WorkRepo} from '../unit/git/git-fixture.js';
import {type Integration, startIntegration} from './support/fixture.js';
import {untilApp} from './support/live.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

function trackingApp(name: string, repo: string, path: string, namespace: string): KubeObject {
	const source = {repoURL: repo, path, targetRevision: 'main'};
	const destination = {server: 'https://kubernetes.default.svc', namespace};
	return {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		metadata: {name, namespace: 'argocd'},
		spec: {project: 'default', source, destination},
		status: {sync: {status: 'Synced', revision: 'main', comparedTo: {source, destination}}, health: {status: 'Healthy'}},
	};
}

describe('all-apps timeline: commits on every tracked path', () => {
	let fixture: Integration;
	const shop = `timeline-commits-${process.pid}`;

	before(async () => {
		fixture = await startIntegration();
		const {kc, gitSandbox} = fixture;
		await installGitOpsCrds(kc);
		await ensureNamespace(kc, 'argocd');
		await ensureNamespace(kc, shop);
		const repo = WorkRepo.create(gitSandbox, 'timeline-estate');
		repo.commit('shop: first release', {'apps/shop/web.yaml': 'kind: ConfigMap\n'}, hoursAgo(30));
		repo.commit('shop: raise replicas', {'apps/shop/web.yaml': 'kind: ConfigMap\n# 4\n'}, hoursAgo(2));
		repo.commit('billing: new tax table', {'apps/billing/tax.yaml': 'kind: ConfigMap\n'}, hoursAgo(0.25));
		// Two apps on the same repository and path (a blue/green pair), one on another path.
		for (const object of [
			trackingApp('shop-blue', repo.dir, 'apps/shop', shop),
			trackingApp('shop-green', repo.dir, 'apps/shop', shop),
			trackingApp('billing', repo.dir, 'apps/billing', shop),
		]) {
			await createWithStatus(kc, object);
		}
	});
	after(async () => {
		await fixture?.close();
	});

	const commitsOf = (entries: readonly TimelineEntry[]) =>
		entries
			.filter(entry => entry.kind === 'commit')
			.map(entry => `${entry.text.replace(/^commit \w+ /, '')} @ ${(entry.apps ?? [entry.app]).join(' + ')}`);

	test('live: each commit once, naming every app that tracks it, within the window', async () => {
		const monitor = fixture.monitors.open({git: fixture.git, batchMs: 20});
		await untilApp(monitor, {kind: 'Application', namespace: 'argocd', name: 'billing'}, undefined, 10_000);
		let latest: TimelineState | null = null;
		const stop = monitor.watchTimeline(null, state => {
			latest = state;
		});
		try {
			const seen = () => commitsOf((latest as TimelineState | null)?.entries ?? []);
			await waitFor(
				() => (latest as TimelineState | null)?.loading === false && seen().length === 2,
				15_000,
				() => `commits: ${JSON.stringify(seen())}; problems: ${JSON.stringify((latest as TimelineState | null)?.problems)}`,
			);
			// The 30-hour-old commit is outside the all-apps window of a day; newest first.
			assert.deepEqual(seen(), [
				'billing: new tax table @ Application/argocd/billing',
				'shop: raise replicas @ Application/argocd/shop-blue + Application/argocd/shop-green',
			]);
			const shared = latest!.entries.find(entry => entry.text.includes('raise replicas'))!;
			assert.equal(shared.who, 'Ada Lovelace');
		} finally {
			stop();
		}
	});

	test('driftwatch timeline --since: the commits in that window, the shared one naming both apps', async () => {
		const env = {...fixture.gitSandbox.env, KUBECONFIG: fixture.backend.kubeconfigPath};
		const text = await runCli(['timeline', '--since', '1h'], env);
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /commit +Application\/argocd\/billing {2}commit \w{7} billing: new tax table \(by Ada Lovelace\)/);
		assert.ok(!text.stdout.includes('raise replicas'), `two hours old, outside --since 1h:\n${text.stdout}`);

		const json = await runCli(['timeline', '--since', '3h', '--json'], env);
		assert.equal(json.code, 0, json.stderr);
		const parsed = JSON.parse(json.stdout) as {entries: TimelineEntry[]};
		assert.deepEqual(commitsOf(parsed.entries), [
			'billing: new tax table @ Application/argocd/billing',
			'shop: raise replicas @ Application/argocd/shop-blue + Application/argocd/shop-green',
		]);
	});
});
