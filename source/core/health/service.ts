// v1 Service: only a LoadBalancer waits for an address.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list, record} from './fields.js';

export function serviceHealth(object: KubeObject): ResourceHealth {
	if (object.spec?.type !== 'LoadBalancer') return health('Healthy');
	return health(hasLoadBalancerAddress(object) ? 'Healthy' : 'Progressing');
}

/** `status.loadBalancer.ingress` non-empty (shared with Ingress). */
export function hasLoadBalancerAddress(object: KubeObject): boolean {
	return list(record(record(object.status)['loadBalancer'])['ingress']).length > 0;
}
