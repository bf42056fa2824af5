// networking.k8s.io / extensions Ingress. Stays Progressing for
// good if the ingress controller never writes status: Argo CD's documented quirk.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health} from './fields.js';
import {hasLoadBalancerAddress} from './service.js';

export function ingressHealth(object: KubeObject): ResourceHealth {
	return health(hasLoadBalancerAddress(object) ? 'Healthy' : 'Progressing');
}
