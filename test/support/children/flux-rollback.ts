// A driftwatch process reviewing and then running a Flux rollback, for tests that race real processes:
// `node --import tsx flux-rollback.ts KUBECONFIG NAMESPACE TO`. It prepares, prints `prepared`, runs the rollback
// when a line arrives on stdin (the test's start signal: every process has reviewed by then), and prints the
// outcome as one JSON line.
import {createInterface} from 'node:readline';
import {KubeConfig} from '@kubernetes/client-node';
import {createFluxActions} from '../../../source/core/controllers/flux/actions/index.js';
import {GitRepos} from '../../../source/core/git/git-repos.js';
import {gitCacheRoot} from '../../../source/core/git/git-setup.js';
import {Discovery} from '../../../source/core/kube/discovery.js';
import {requestJson} from '../../../source/core/kube/http.js';
import {typeKey, type KubeObject} from '../../../source/core/kube/resource-type.js';
import {projectKustomization, projectSource} from '../../../source/core/controllers/flux/projection.js';
import {fluxSummary} from '../../../source/core/controllers/flux/summary.js';
import {fluxSourceTypes, gitRepositoryType, helmReleaseType, kustomizationType} from '../../../source/core/controllers/flux/types.js';

const [kubeconfig = '', namespace = '', to = ''] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const get = (plural: string, name: string) =>
	requestJson<KubeObject>(
		kc,
		`/apis/${plural === 'gitrepositories' ? 'source' : 'kustomize'}.toolkit.fluxcd.io/v1/namespaces/${namespace}/${plural}/${name}`,
		{method: 'GET'},
	);
const [app, source] = await Promise.all([get('kustomizations', 'web'), get('gitrepositories', 'apps')]);
const sources = new Map([[`${namespace}/apps`, projectSource(source, 'GitRepository')]]);
const row = fluxSummary(kc.getCurrentContext(), projectKustomization(app), new Map([[typeKey(gitRepositoryType), sources]]));
const git = new GitRepos({cacheDir: gitCacheRoot(), pollSeconds: 3600});
const prepared = await createFluxActions().prepare(
	{
		kc,
		discovery: new Discovery(kc),
		git,
		render: () => Promise.reject(new Error('not used by Flux actions')),
		app: row,
		type: kustomizationType,
		typeOf: kind => [...fluxSourceTypes, kustomizationType, helmReleaseType].find(type => type.kind === kind),
		kubeContext: 'test',
		configApps: [],
		user: `racer-${process.pid}`,
		mutate: {request: (path, options) => requestJson(kc, path, options)},
	},
	{kind: 'rollback', appId: row.id, params: {to}},
);
if (prepared.refusal !== null) {
	process.stdout.write(`${JSON.stringify({refused: prepared.refusal})}\n`);
} else {
	process.stdout.write('prepared\n');
	await new Promise(resolve => createInterface({input: process.stdin}).once('line', resolve));
	process.stdout.write(`${JSON.stringify(await prepared.execute())}\n`);
}
await git.stop();
process.exit(0);
