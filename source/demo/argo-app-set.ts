// An Argo CD app together with the live objects it manages: status.resources
// lists their roots, and the app's health is aggregated from them the way the
// application controller does, so the app and its workloads always agree.

import {aggregateHealth, type HealthItem} from '../core/health/aggregate.js';
import {resourceHealth} from '../core/health/resource-health.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {argoApplication, argoResourceOf, argoTracking, type ArgoAppOptions} from './argo-objects.js';
import {tracked, type ObjectTree} from './tree.js';

export type ArgoDemoApp = {
	application: KubeObject;
	trees: ObjectTree[];
	/** Objects Git declares that the cluster lacks (not created). */
	missing?: KubeObject[];
};

type ManagedOptions = {
	/** Objects Git declares that do not exist in the cluster: listed, not created. */
	missing?: readonly ObjectTree[];
	/** `Kind/name` of resources that differ from Git; default: the first one when the app is OutOfSync. */
	drifted?: readonly string[];
	/** `Kind/name` of live resources Git no longer has (OutOfSync, requiresPruning). */
	pruned?: readonly string[];
};

/** `Kind/name`: how the options name an object. */
export function objectKey(object: KubeObject): string {
	return `${object.kind}/${object.metadata?.name}`;
}

export function argoDemoApp(app: ArgoAppOptions, managed: readonly ObjectTree[], options: ManagedOptions = {}): ArgoDemoApp {
	const trees = tracked(managed, root =>
		argoTracking(app.name, {
			apiVersion: root.apiVersion ?? 'v1',
			kind: root.kind ?? '',
			namespace: root.metadata?.namespace ?? '',
			name: root.metadata?.name ?? '',
		}),
	);
	const live = trees.map(tree => tree.root);
	const missing = (options.missing ?? []).map(tree => tree.root);
	const outOfSync = app.sync === 'OutOfSync';
	const drifted = new Set(options.drifted ?? (outOfSync && live[0] ? [objectKey(live[0])] : []));
	const pruned = new Set(options.pruned ?? []);
	const resources = [
		...live.map(object =>
			pruned.has(objectKey(object))
				? {...argoResourceOf(object), status: 'OutOfSync' as const, requiresPruning: true}
				: {...argoResourceOf(object), status: drifted.has(objectKey(object)) ? ('OutOfSync' as const) : ('Synced' as const)},
		),
		...missing.map(object => ({...argoResourceOf(object), status: 'OutOfSync' as const})),
	];
	const items: HealthItem[] = [
		...live.map(object => ({
			...healthIdentity(object),
			health: resourceHealth(object),
			live: true,
			annotations: object.metadata?.annotations ?? {},
		})),
		...missing.map(object => ({...healthIdentity(object), health: {status: 'Missing' as const, message: ''}, live: false})),
	];
	const aggregated = aggregateHealth(items);
	const application = argoApplication({
		...app,
		health: app.health ?? aggregated.status,
		...((app.healthMessage ?? aggregated.message) ? {healthMessage: app.healthMessage ?? aggregated.message} : {}),
		resources,
	});
	return {application, trees, missing};
}

/** What the app health message names a resource by. */
function healthIdentity(object: KubeObject): Pick<HealthItem, 'group' | 'kind' | 'namespace' | 'name'> {
	const {group = '', kind, namespace, name} = argoResourceOf(object);
	return {group, kind, namespace, name};
}
