// policy PodDisruptionBudget: Argo CD's built-in Lua check. The last condition decides unless one
// is False for a reason other than InsufficientPods (a PDB that blocks evictions on purpose is fine).
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, list, record} from './fields.js';
import {joinable, present} from './lua-values.js';

export function podDisruptionBudgetHealth(object: KubeObject): ResourceHealth {
	let result = health('Progressing', 'Waiting for status');
	if (!present(object.status)) return result;
	for (const condition of list(object.status.conditions).map(record)) {
		const text = `PodDisruptionBudget has ${joinable(condition['reason'], 'condition reason')}`;
		if (condition['status'] === 'False' && condition['reason'] !== 'InsufficientPods') return health('Degraded', text);
		result = health('Healthy', text);
	}
	return result;
}
