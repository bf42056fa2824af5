// Health of the network and storage kinds: Service, Ingress and PersistentVolumeClaim.
import {health, list, record} from './fields.js';
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';

// v1 Service: only a LoadBalancer waits for an address.
export function serviceHealth(object: KubeObject): ResourceHealth {
	if (object.spec?.type !== 'LoadBalancer') return health('Healthy');
	return health(hasLoadBalancerAddress(object) ? 'Healthy' : 'Progressing');
}

/** `status.loadBalancer.ingress` non-empty (shared with Ingress). */
function hasLoadBalancerAddress(object: KubeObject): boolean {
	return list(record(record(object.status)['loadBalancer'])['ingress']).length > 0;
}

// networking.k8s.io / extensions Ingress. Stays Progressing for
// good if the ingress controller never writes status: Argo CD's documented quirk.

export function ingressHealth(object: KubeObject): ResourceHealth {
	return health(hasLoadBalancerAddress(object) ? 'Healthy' : 'Progressing');
}

// v1 PersistentVolumeClaim by phase.

export function persistentVolumeClaimHealth(object: KubeObject): ResourceHealth {
	switch (object.status?.phase) {
		case 'Lost':
			return health('Degraded');
		case 'Pending':
			return health('Progressing');
		case 'Bound':
			return health('Healthy');
		default:
			return health('Unknown');
	}
}
