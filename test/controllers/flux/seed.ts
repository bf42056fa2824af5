// A few Flux apps for `npm run controllers:up`: a repository on the tier's git server with two kustomize paths
// and a chart, a GitRepository following its main branch, two Kustomizations and a HelmRelease of the chart.
import {stringify} from 'yaml';
import {requestJson} from '../../../source/core/kube/http.js';
import {cloneWorkdir, type GitWorkdir} from '../harness/git-server.js';
import type {ControllerTier} from '../harness/tier.js';

export type FluxSeed = {namespace: string; repoUrl: string; workdir: GitWorkdir};

export async function seedFlux(tier: ControllerTier, namespace = 'flux-demo'): Promise<FluxSeed> {
	const admin = tier.kubeConfig('admin');
	const post = (path: string, body: unknown) => requestJson(admin, path, {method: 'POST', body: JSON.stringify(body)});
	await post('/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}});
	const repoUrl = await tier.git.createRepo('fleet');
	const workdir = await cloneWorkdir(repoUrl);
	const configMap = (name: string, data: Record<string, string>) =>
		stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}, data});
	await workdir.commitAndPush(
		{
			'apps/web/settings.yaml': configMap('web-settings', {release: '1', LOG_LEVEL: 'info'}),
			'apps/api/settings.yaml': configMap('api-settings', {release: '1'}),
			'charts/hello/Chart.yaml': stringify({apiVersion: 'v2', name: 'hello', version: '0.1.0', appVersion: '1.0.0'}),
			'charts/hello/values.yaml': 'greeting: hello\n',
			'charts/hello/templates/configmap.yaml':
				'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
		},
		'fleet: first release',
	);
	await post(`/apis/source.toolkit.fluxcd.io/v1/namespaces/${namespace}/gitrepositories`, {
		apiVersion: 'source.toolkit.fluxcd.io/v1',
		kind: 'GitRepository',
		metadata: {name: 'fleet', namespace},
		spec: {url: repoUrl, interval: '1m', ref: {branch: 'main'}},
	});
	for (const name of ['web', 'api']) {
		await post(`/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${namespace}/kustomizations`, {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name, namespace},
			spec: {interval: '10m', path: `./apps/${name}`, prune: true, sourceRef: {kind: 'GitRepository', name: 'fleet'}},
		});
	}
	await post(`/apis/helm.toolkit.fluxcd.io/v2/namespaces/${namespace}/helmreleases`, {
		apiVersion: 'helm.toolkit.fluxcd.io/v2',
		kind: 'HelmRelease',
		metadata: {name: 'hello', namespace},
		spec: {interval: '10m', chart: {spec: {chart: './charts/hello', sourceRef: {kind: 'GitRepository', name: 'fleet'}, interval: '1m'}}},
	});
	return {namespace, repoUrl, workdir};
}
