// The /scale subresource of Deployments, ReplicaSets and StatefulSets: an
// autoscaling/v1 Scale made from the object's replicas and selector.
import type {KubeObject} from '../core/kube/resource-type.js';
import {isObject, type JsonObject} from './json-values.js';

export function scaleOf(object: KubeObject): KubeObject {
	const spec = isObject(object.spec) ? object.spec : {};
	const status = isObject(object.status) ? object.status : {};
	const metadata = object.metadata ?? {};
	return {
		kind: 'Scale',
		apiVersion: 'autoscaling/v1',
		metadata: {
			name: metadata.name,
			namespace: metadata.namespace,
			uid: metadata.uid,
			resourceVersion: metadata.resourceVersion,
			creationTimestamp: metadata.creationTimestamp,
		},
		spec: {replicas: typeof spec.replicas === 'number' ? spec.replicas : 0},
		status: {replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorText(spec.selector)},
	} as KubeObject;
}

/** A label selector object as `?labelSelector=` text: `app=web,tier in (a,b)`. */
export function selectorText(selector: unknown): string {
	if (!isObject(selector)) return '';
	const parts: string[] = [];
	const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
	for (const key of Object.keys(matchLabels).sort()) parts.push(`${key}=${String(matchLabels[key])}`);
	const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
	for (const expression of expressions as JsonObject[]) {
		const key = String(expression.key ?? '');
		const values = Array.isArray(expression.values) ? [...(expression.values as string[])].sort() : [];
		switch (expression.operator) {
			case 'In':
				parts.push(`${key} in (${values.join(',')})`);
				break;
			case 'NotIn':
				parts.push(`${key} notin (${values.join(',')})`);
				break;
			case 'Exists':
				parts.push(key);
				break;
			case 'DoesNotExist':
				parts.push(`!${key}`);
				break;
		}
	}
	return parts.sort().join(',');
}
