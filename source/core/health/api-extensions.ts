// Health of the kinds that extend the API: CustomResourceDefinition and APIService.
import {concat, ipairsItems, isNil, length, table} from './lua-values.js';
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {findCondition, readConditions} from './conditions.js';
import {health} from './fields.js';

// apiextensions.k8s.io CustomResourceDefinition, judged as Argo CD's built-in Lua check judges it.
/** Conditions are read in order; the first terminating, rejected, invalid or installing one decides. */
export function customResourceDefinitionHealth(object: KubeObject): ResourceHealth {
	// Reached only when the CRD is held by Argo CD's hook finalizer: otherwise a deletionTimestamp is "Pending deletion".
	if (!isNil(object.metadata?.deletionTimestamp)) return health('Progressing', 'CRD is terminating');
	const conditions = table(object.status, 'status')['conditions'];
	if (isNil(conditions) || length(conditions) === 0) return health('Progressing', 'Status conditions not found');

	let established = false;
	for (const condition of ipairsItems(conditions, 'status.conditions')) {
		const {type, status} = condition;
		if (type === 'Terminating' && status === 'True') {
			return health('Progressing', concat('CRD is terminating: ', condition['message']));
		}
		if (type === 'NamesAccepted' && status === 'False') {
			return health('Degraded', concat('CRD names have not been accepted: ', condition['message']));
		}
		if (type === 'NonStructuralSchema' && status === 'True') {
			return health('Degraded', concat('Schema violations found: ', condition['message']));
		}
		if (type === 'Established') {
			if (status === 'True') established = true;
			else if (condition['reason'] === 'Installing') return health('Progressing', 'CRD is being installed');
		}
	}
	return established ? health('Healthy', 'CRD is healthy') : health('Degraded', 'CRD is not established');
}

// apiregistration.k8s.io APIService: never Degraded.

export function apiServiceHealth(object: KubeObject): ResourceHealth {
	const available = findCondition(readConditions(object.status?.conditions), 'Available');
	if (available === undefined) return health('Progressing', 'Waiting to be processed');
	return health(available.status === 'True' ? 'Healthy' : 'Progressing', `${available.reason}: ${available.message}`);
}
