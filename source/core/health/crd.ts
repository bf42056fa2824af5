// apiextensions.k8s.io CustomResourceDefinition: Argo CD's built-in Lua check.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list, record} from './fields.js';
import {indexable, joinable, present} from './lua-values.js';

export function customResourceDefinitionHealth(object: KubeObject): ResourceHealth {
	// Only reachable for a hook-held CRD: resourceHealth reports other deletions as "Pending deletion" first.
	if (present(object.metadata?.deletionTimestamp)) return health('Progressing', 'CRD is terminating');
	const rawConditions = indexable(object.status, 'status')['conditions'];
	const conditions = list(rawConditions).map(record);
	if (conditions.length === 0) return health('Progressing', 'Status conditions not found');
	let established = false;
	for (const condition of conditions) {
		const {type, status} = condition;
		if (type === 'Terminating' && status === 'True') {
			return health('Progressing', `CRD is terminating: ${joinable(condition['message'], 'condition message')}`);
		}
		if (type === 'NamesAccepted' && status === 'False') {
			return health('Degraded', `CRD names have not been accepted: ${joinable(condition['message'], 'condition message')}`);
		}
		if (type === 'NonStructuralSchema' && status === 'True') {
			return health('Degraded', `Schema violations found: ${joinable(condition['message'], 'condition message')}`);
		}
		if (type === 'Established') {
			if (status === 'True') established = true;
			else if (condition['reason'] === 'Installing') return health('Progressing', 'CRD is being installed');
		}
	}
	return established ? health('Healthy', 'CRD is healthy') : health('Degraded', 'CRD is not established');
}
