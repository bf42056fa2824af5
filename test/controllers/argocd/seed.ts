// A few Argo CD apps for `npm run controllers:up`: a repository on the tier's git server with two plain
// directories (one with a Deployment, which stays Progressing without a kubelet), and an Application for each in
// namespace argocd — `shop` synced manually, `catalog` with auto-sync — deploying into their own namespace.
import {stringify} from 'yaml';
import {requestJson} from '../../../source/core/kube/http.js';
import {cloneWorkdir, type GitWorkdir} from '../harness/git-server.js';
import type {ControllerTier} from '../harness/tier.js';
import {argoNamespace} from './controllers.js';

export type ArgoCdSeed = {namespace: string; repoUrl: string; workdir: GitWorkdir; apps: string[]};

export async function seedArgoCd(tier: ControllerTier, namespace = 'argo-demo'): Promise<ArgoCdSeed> {
	const admin = tier.kubeConfig('admin');
	const post = (path: string, body: unknown) => requestJson(admin, path, {method: 'POST', body: JSON.stringify(body)});
	await post('/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}});
	const repoUrl = await tier.git.createRepo('argo-fleet');
	const workdir = await cloneWorkdir(repoUrl);
	const configMap = (name: string, data: Record<string, string>) =>
		stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data});
	const deployment = stringify({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'shop-web'},
		spec: {
			replicas: 1,
			selector: {matchLabels: {app: 'shop-web'}},
			template: {metadata: {labels: {app: 'shop-web'}}, spec: {containers: [{name: 'web', image: 'registry.invalid/shop-web:1'}]}},
		},
	});
	await workdir.commitAndPush(
		{
			'apps/shop/settings.yaml': configMap('shop-settings', {release: '1'}),
			'apps/shop/web.yaml': deployment,
			'apps/catalog/settings.yaml': configMap('catalog-settings', {release: '1'}),
		},
		'argo fleet: first release',
	);
	const apps = ['shop', 'catalog'];
	for (const name of apps) {
		await post(`/apis/argoproj.io/v1alpha1/namespaces/${argoNamespace}/applications`, {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name, namespace: argoNamespace},
			spec: {
				project: 'default',
				source: {repoURL: repoUrl, path: `apps/${name}`, targetRevision: 'main'},
				destination: {server: 'https://kubernetes.default.svc', namespace},
				...(name === 'catalog' ? {syncPolicy: {automated: {}}} : {}),
			},
		});
	}
	return {namespace, repoUrl, workdir, apps};
}
