// cert-manager.io Certificate, Issuer and ClusterIssuer, judged as Argo CD's built-in Lua checks judge them.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {readConditions, readyVerdict} from './conditions.js';
import {health} from './fields.js';

export function certificateHealth(object: KubeObject): ResourceHealth {
	const conditions = readConditions(object.status?.conditions);
	// Issuing=True wins wherever it sits: a renewal in flight is progress even when Ready is already False.
	const issuing = conditions.find(condition => condition.type === 'Issuing' && condition.status === 'True');
	if (issuing !== undefined) return health('Progressing', issuing.message);
	return readyVerdict(conditions) ?? health('Progressing', 'Waiting for certificate');
}

export function issuerHealth(object: KubeObject): ResourceHealth {
	return readyVerdict(readConditions(object.status?.conditions)) ?? health('Progressing', 'Initializing issuer');
}

export function clusterIssuerHealth(object: KubeObject): ResourceHealth {
	return readyVerdict(readConditions(object.status?.conditions)) ?? health('Progressing', 'Initializing ClusterIssuer');
}
