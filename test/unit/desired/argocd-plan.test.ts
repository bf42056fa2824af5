import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {argoDesiredPlan} from '../../../source/core/controllers/argocd/desired-plan.js';
import {comparedObjects} from '../../../source/core/desired/compared-objects.js';
import type {DesiredPlan} from '../../../source/core/desired/types.js';
import {application, sha, syncedStatus} from '../providers/fixtures/argo-apps.js';

const repo = 'https://github.com/acme/gitops.git';
const otherSha = '0123456789abcdef0123456789abcdef01234567';

function okPlan(plan: DesiredPlan) {
	assert.ok(plan.ok, JSON.stringify(plan));
	return plan;
}

function failed(plan: DesiredPlan, reason: 'unsupported' | 'error'): string {
	assert.ok(!plan.ok, `expected a failed plan, got ${JSON.stringify(plan)}`);
	assert.equal(plan.reason, reason, plan.message);
	return plan.message;
}

function withSpec(spec: Record<string, unknown>, status: Record<string, unknown> = syncedStatus()) {
	return application({
		spec: {project: 'default', destination: {server: 'https://kubernetes.default.svc', namespace: 'shop'}, ...spec},
		status,
	});
}

describe('argoDesiredPlan: single source', () => {
	test('renders the synced revision of the source path into the destination namespace, tracking the target branch', () => {
		const plan = okPlan(argoDesiredPlan(application()));
		assert.deepEqual(plan.sources, [
			{
				repoUrl: repo,
				revision: sha,
				trackedRef: 'main',
				path: 'apps/guestbook',
				namespace: 'guestbook',
				helm: {releaseName: 'guestbook', namespace: 'guestbook'},
				recurse: false,
			},
		]);
		assert.equal(plan.fieldManager, 'argocd-controller');
		assert.deepEqual(plan.tracked, [
			{group: '', kind: 'Service', namespace: 'guestbook', name: 'guestbook-ui'},
			{group: 'apps', kind: 'Deployment', namespace: 'guestbook', name: 'guestbook-ui'},
		]);
	});

	test('without a recorded revision it renders the target revision, HEAD when none is set', () => {
		const never = syncedStatus({sync: {status: 'Unknown'}, resources: []});
		const tagged = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web', targetRevision: 'v1.2.0'}}, never)));
		assert.equal(tagged.sources[0]!.revision, 'v1.2.0');
		assert.equal(tagged.sources[0]!.trackedRef, 'v1.2.0');
		assert.deepEqual(tagged.tracked, []);
		const head = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: './web/'}}, never)));
		assert.equal(head.sources[0]!.revision, 'HEAD');
		assert.equal(head.sources[0]!.trackedRef, 'HEAD');
		assert.equal(head.sources[0]!.path, 'web');
		const root = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, targetRevision: 'main'}}, never)));
		assert.equal(root.sources[0]!.path, '.');
	});

	test('a target pinned to a commit follows no branch', () => {
		const plan = okPlan(
			argoDesiredPlan(
				withSpec(
					{source: {repoURL: repo, path: 'web', targetRevision: otherSha}},
					syncedStatus({sync: {status: 'Synced', revision: otherSha}}),
				),
			),
		);
		assert.equal(plan.sources[0]!.revision, otherSha);
		assert.equal(plan.sources[0]!.trackedRef, null);
	});

	test('a revision compared for an older target (targetRevision just edited) is not used', () => {
		const status = syncedStatus({
			sync: {status: 'Synced', revision: sha, comparedTo: {source: {repoURL: repo, path: 'web', targetRevision: 'main'}}},
		});
		const plan = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web', targetRevision: 'release-2'}}, status)));
		assert.equal(plan.sources[0]!.revision, 'release-2');
	});

	test('directory.recurse renders nested directories; without it only the top-level files (Argo CD default)', () => {
		const recursive = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web', directory: {recurse: true}}})));
		assert.equal(recursive.sources[0]!.recurse, undefined);
		const flat = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web'}})));
		assert.equal(flat.sources[0]!.recurse, false);
	});
});

describe('argoDesiredPlan: Helm charts in Git', () => {
	test('release name, value files relative to the chart, inline values and parameters on top', () => {
		const plan = okPlan(
			argoDesiredPlan(
				withSpec({
					source: {
						repoURL: repo,
						path: 'charts/web',
						targetRevision: 'main',
						helm: {
							releaseName: 'web-prod',
							valueFiles: ['values-prod.yaml', '../shared/common.yaml', '/envs/prod/extra.yaml'],
							values: 'replicaCount: 3\nimage:\n  tag: "1.4"\n  pullPolicy: Always\nenabled: yes\n',
							parameters: [
								{name: 'image.tag', value: '1.5'},
								{name: 'ingress.hosts[1]', value: 'shop.example.com'},
								{name: 'labels.app\\.kubernetes\\.io/part-of', value: 'shop'},
								{name: 'port', value: '8080'},
								{name: 'version', value: '0101', forceString: false},
								{name: 'build', value: '42', forceString: true},
								{name: 'zones', value: '{a,b}'},
							],
						},
					},
				}),
			),
		);
		assert.deepEqual(plan.sources[0]!.helm, {
			releaseName: 'web-prod',
			namespace: 'shop',
			valuesFiles: ['values-prod.yaml', '../shared/common.yaml', '../../envs/prod/extra.yaml'],
			values: {
				replicaCount: 3,
				image: {tag: '1.5', pullPolicy: 'Always'},
				enabled: true,
				ingress: {hosts: [null, 'shop.example.com']},
				labels: {'app.kubernetes.io/part-of': 'shop'},
				port: 8080,
				version: '0101',
				build: '42',
				zones: ['a', 'b'],
			},
		});
	});

	test('valuesObject wins over the values string; helm.namespace overrides the destination', () => {
		const plan = okPlan(
			argoDesiredPlan(
				withSpec({source: {repoURL: repo, path: 'chart', helm: {values: 'a: 1', valuesObject: {b: 2}, namespace: 'tenant'}}}),
			),
		);
		assert.deepEqual(plan.sources[0]!.helm, {releaseName: 'guestbook', namespace: 'tenant', values: {b: 2}});
	});

	test('broken inline values, bad parameter names and value files outside the repository are errors', () => {
		assert.match(
			failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {values: 'a: [1, 2'}}})), 'error'),
			/^spec\.source\.helm\.values is not valid YAML: /,
		);
		assert.match(
			failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {values: '- a\n- b\n'}}})), 'error'),
			/is not a YAML map/,
		);
		assert.match(
			failed(
				argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {parameters: [{name: 'a..b', value: '1'}]}}})),
				'error',
			),
			/"a\.\.b" is not a valid value path/,
		);
		assert.match(
			failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {valueFiles: ['../../../etc/passwd']}}})), 'error'),
			/leaves the repository/,
		);
	});

	test('options the local render cannot reproduce are named as unsupported', () => {
		assert.match(
			failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {skipCrds: true}}})), 'unsupported'),
			/helm\.skipCrds/,
		);
		assert.match(
			failed(
				argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'chart', helm: {valueFiles: ['https://example.com/v.yaml']}}})),
				'unsupported',
			),
			/is a URL/,
		);
	});
});

describe('argoDesiredPlan: multiple sources', () => {
	const chartRepo = 'https://github.com/acme/charts.git';

	test('every source with a path at its own recorded revision; ref sources lend value files from the same commit', () => {
		const status = syncedStatus({
			sync: {status: 'Synced', revisions: [otherSha, sha, sha]},
			resources: [{group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'shop', name: 'web'}],
		});
		const plan = okPlan(
			argoDesiredPlan(
				withSpec(
					{
						sources: [
							{repoURL: chartRepo, path: 'charts/web', targetRevision: 'main', helm: {valueFiles: ['values.yaml']}},
							{repoURL: repo, targetRevision: 'main', ref: 'values'},
							{repoURL: repo, path: 'apps/web/extra', targetRevision: 'main', helm: {valueFiles: ['$values/envs/prod/web.yaml']}},
						],
					},
					status,
				),
			),
		);
		assert.deepEqual(
			plan.sources.map(source => [source.repoUrl, source.revision, source.path]),
			[
				[chartRepo, otherSha, 'charts/web'],
				[repo, sha, 'apps/web/extra'],
			],
		);
		assert.deepEqual(plan.sources[1]!.helm?.valuesFiles, ['../../../envs/prod/web.yaml']);
		assert.deepEqual(plan.tracked, [{group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web'}]);
	});

	test('$ref value files from another repository are unsupported; an unknown ref is an error', () => {
		const status = syncedStatus({sync: {status: 'Synced', revisions: [otherSha, sha]}});
		const crossRepo = argoDesiredPlan(
			withSpec(
				{
					sources: [
						{repoURL: chartRepo, path: 'charts/web', helm: {valueFiles: ['$values/envs/prod/web.yaml']}},
						{repoURL: 'https://user:s3cret@git.example.com/values.git', ref: 'values'},
					],
				},
				status,
			),
		);
		const message = failed(crossRepo, 'unsupported');
		assert.match(
			message,
			/spec\.sources\[0\]\.helm\.valueFiles "\$values\/envs\/prod\/web\.yaml" comes from https:\/\/\*\*\*@git\.example\.com\/values\.git/,
		);
		assert.doesNotMatch(message, /s3cret/);
		const unknown = argoDesiredPlan(withSpec({sources: [{repoURL: chartRepo, path: 'charts/web', helm: {valueFiles: ['$env/web.yaml']}}]}));
		assert.match(failed(unknown, 'error'), /no source has ref "env"/);
		const escaping = argoDesiredPlan(
			withSpec(
				{
					sources: [
						{repoURL: repo, path: 'charts/web', helm: {valueFiles: ['$values/../../secrets.yaml']}},
						{repoURL: repo, ref: 'values'},
					],
				},
				syncedStatus({sync: {status: 'Synced', revisions: [sha, sha]}}),
			),
		);
		assert.match(failed(escaping, 'error'), /leaves the repository/);
	});

	test('only ref sources: nothing renders', () => {
		assert.match(failed(argoDesiredPlan(withSpec({sources: [{repoURL: repo, ref: 'values'}]})), 'error'), /only ref sources/);
	});
});

describe('argoDesiredPlan: sources not rendered locally', () => {
	test('a Helm repository chart, even beside a Git source, makes the whole app unsupported', () => {
		const message = failed(
			argoDesiredPlan(
				withSpec({
					sources: [
						{
							repoURL: 'https://charts.bitnami.com/bitnami',
							chart: 'redis',
							targetRevision: '18.1.0',
							helm: {valueFiles: ['$values/redis.yaml']},
						},
						{repoURL: repo, ref: 'values'},
					],
				}),
			),
			'unsupported',
		);
		assert.equal(
			message,
			'spec.sources[0] is Helm chart redis from the Helm repository https://charts.bitnami.com/bitnami; driftwatch renders Git sources only',
		);
	});

	test('OCI, plugins, the source hydrator and kustomize overrides say what is not rendered', () => {
		assert.match(
			failed(
				argoDesiredPlan(withSpec({source: {repoURL: 'oci://ghcr.io/acme/manifests', path: '.', targetRevision: '1.0.0'}})),
				'unsupported',
			),
			/OCI artifact \(oci:\/\/ghcr\.io\/acme\/manifests\)/,
		);
		assert.match(
			failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web', plugin: {name: 'argocd-vault-plugin'}}})), 'unsupported'),
			/config management plugin argocd-vault-plugin, which only runs inside Argo CD's repo-server/,
		);
		assert.match(
			failed(
				argoDesiredPlan(
					withSpec({
						sourceHydrator: {
							drySource: {repoURL: repo, path: 'web', targetRevision: 'main'},
							syncSource: {targetBranch: 'env/prod', path: 'web'},
						},
					}),
				),
				'unsupported',
			),
			/^Application argocd\/guestbook uses the source hydrator/,
		);
		assert.match(
			failed(
				argoDesiredPlan(
					withSpec({source: {repoURL: repo, path: 'web', kustomize: {images: ['web=web:2'], namePrefix: 'prod-', version: 'v5'}}}),
				),
				'unsupported',
			),
			/kustomize sets namePrefix, images;/,
		);
		// Settings that change nothing rendered are fine.
		okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'web', kustomize: {version: 'v5', images: []}}})));
	});
});

describe('argoDesiredPlan: malformed objects', () => {
	test('a missing spec, source or repoURL is an error naming the application', () => {
		const noSpec = application();
		delete noSpec.spec;
		assert.equal(failed(argoDesiredPlan(noSpec), 'error'), 'Application argocd/guestbook has no spec');
		assert.equal(failed(argoDesiredPlan(withSpec({})), 'error'), 'Application argocd/guestbook has no spec.source');
		assert.equal(
			failed(argoDesiredPlan(withSpec({source: {path: 'web'}})), 'error'),
			'Application argocd/guestbook spec.source has no repoURL',
		);
		assert.match(failed(argoDesiredPlan(withSpec({source: {repoURL: repo, path: '../outside'}})), 'error'), /leaves the repository/);
	});
});

describe('argoDesiredPlan: sync hooks', () => {
	const object = (name: string, annotations: Record<string, string> = {}) => ({
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: {name, namespace: 'shop', annotations},
	});

	test('hooks and Skip objects are left out of the comparison, as Argo CD leaves them out: rendered ones and live hooks (hook: true)', () => {
		const status = {
			...syncedStatus(),
			resources: [
				{version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings', status: 'Synced'},
				{group: 'batch', version: 'v1', kind: 'Job', namespace: 'shop', name: 'migrate', hook: true, requiresPruning: true},
			],
		};
		const plan = okPlan(argoDesiredPlan(withSpec({source: {repoURL: repo, path: 'apps/shop', targetRevision: 'main'}}, status)));
		assert.equal(plan.excludesHooks, true);
		assert.deepEqual(plan.tracked, [{group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings'}]);
		const rendered = [
			object('settings'),
			object('pre-check', {'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded'}),
			object('helm-test', {'helm.sh/hook': 'test'}),
			// Never applied, and listed without a sync status.
			object('skipped', {'argocd.argoproj.io/hook': 'Skip'}),
		];
		assert.deepEqual(
			comparedObjects(plan, rendered).map(item => item.metadata?.name),
			['settings'],
		);
	});
});

describe('argoDesiredPlan: the deployed revision', () => {
	const source = {repoURL: repo, path: 'apps/shop', targetRevision: 'main'};
	const statusWith = (compared: string, deployed: string, deployedSource: Record<string, unknown> = source) => ({
		...syncedStatus(),
		sync: {
			status: 'OutOfSync',
			revision: compared,
			comparedTo: {source, destination: {server: 'https://kubernetes.default.svc', namespace: 'shop'}},
		},
		history: [{id: 0, revision: deployed, source: deployedSource, deployedAt: '2026-08-21T08:00:00Z'}],
	});

	test('Argo CD compared with a newer commit than it deployed: the plan renders the compared one and names the deployed one', () => {
		const plan = okPlan(argoDesiredPlan(withSpec({source}, statusWith(sha, otherSha))));
		assert.equal(plan.sources[0]?.revision, sha);
		assert.equal(plan.sources[0]?.deployedRevision, otherSha);
	});

	test('none when it is the compared one, or when the newest entry deployed another repository', () => {
		assert.equal(okPlan(argoDesiredPlan(withSpec({source}, statusWith(sha, sha)))).sources[0]?.deployedRevision, undefined);
		const elsewhere = {...source, repoURL: 'https://github.com/acme/old.git'};
		assert.equal(okPlan(argoDesiredPlan(withSpec({source}, statusWith(sha, otherSha, elsewhere)))).sources[0]?.deployedRevision, undefined);
	});
});
