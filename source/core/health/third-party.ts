// Health of common third-party kinds: cert-manager, External Secrets and Argo Workflows.
import {readConditions, readyVerdict} from './conditions.js';
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, str} from './fields.js';

// cert-manager.io Certificate, Issuer and ClusterIssuer, judged as Argo CD's built-in Lua checks judge them.
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

// external-secrets.io ExternalSecret, judged as Argo CD's built-in Lua check judges it.

export function externalSecretHealth(object: KubeObject): ResourceHealth {
	return readyVerdict(readConditions(object.status?.conditions)) ?? health('Progressing', 'Waiting for ExternalSecret');
}

// argoproj.io Workflow by phase.

export function workflowHealth(object: KubeObject): ResourceHealth {
	const message = str(object.status?.message);
	switch (str(object.status?.phase)) {
		case '':
		case 'Pending':
		case 'Running':
			return health('Progressing', message);
		case 'Succeeded':
			return health('Healthy', message);
		case 'Failed':
		case 'Error':
			return health('Degraded', message);
		default:
			return health('Unknown', message);
	}
}
