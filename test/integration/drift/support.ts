// Live objects for the drift tests, written the ways real tools write them: `kubectl apply --server-side`
// (apply as manager 'kubectl'), `kubectl create` (POST) and `kubectl edit` (a patch as 'kubectl-edit').
import type {KubeConfig} from '@kubernetes/client-node';
import {applyBody, requestJson} from '../../../source/core/kube/http.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';
import {objectPath, refOf} from '../../../source/demo/rest.js';

export async function serverSideApply(kc: KubeConfig, object: KubeObject, fieldManager = 'kubectl'): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, refOf(object)), {
		method: 'PATCH',
		query: {fieldManager, force: true},
		contentType: 'application/apply-patch+yaml',
		body: applyBody(object),
	});
}

export async function create(kc: KubeConfig, object: KubeObject, fieldManager = 'kubectl-create'): Promise<KubeObject> {
	const {name: _name, ...collection} = refOf(object);
	return requestJson<KubeObject>(kc, await objectPath(kc, collection), {
		method: 'POST',
		query: {fieldManager},
		body: JSON.stringify(object),
	});
}

/** What `kubectl edit` sends: a patch of the changed fields only. */
export async function edit(kc: KubeConfig, object: KubeObject, patch: unknown): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, refOf(object)), {
		method: 'PATCH',
		query: {fieldManager: 'kubectl-edit'},
		contentType: 'application/merge-patch+json',
		body: JSON.stringify(patch),
	});
}

export async function getLiveObject(kc: KubeConfig, object: KubeObject): Promise<KubeObject> {
	return requestJson<KubeObject>(kc, await objectPath(kc, refOf(object)));
}

/** A Deployment as people write it: no strategy, no revisionHistoryLimit, containers without pull policy. */
export function deployment(name: string, namespace: string, options: {replicas?: number; image?: string} = {}): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, namespace, labels: {app: name}},
		spec: {
			replicas: options.replicas ?? 2,
			selector: {matchLabels: {app: name}},
			template: {
				metadata: {labels: {app: name}},
				spec: {
					containers: [
						{
							name: 'web',
							image: options.image ?? 'ghcr.io/acme/web:1.4.2',
							ports: [{containerPort: 8080, name: 'http'}],
							readinessProbe: {httpGet: {port: 'http'}},
						},
					],
				},
			},
		},
	};
}

export function service(name: string, namespace: string): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name, namespace},
		spec: {selector: {app: name}, ports: [{name: 'http', port: 80}]},
	};
}

export function configMap(name: string, namespace: string, data: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}, data};
}

export function secret(name: string, namespace: string, data: Record<string, string>): KubeObject {
	const encoded = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
	return {apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace}, type: 'Opaque', data: encoded};
}

/** Lines of a unified diff that are changes (not context, not headers). */
export function changedLines(text: string): string[] {
	return text.split('\n').filter(line => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
}
