// policy PodDisruptionBudget, judged as Argo CD's built-in Lua check judges it.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health} from './fields.js';
import {concat, ipairsItems, isNil} from './lua-values.js';

/**
 * A False condition is Degraded unless its reason is InsufficientPods: a budget that currently
 * allows no disruption (e.g. a single replica with minAvailable 1) is often deliberate.
 * Otherwise the last condition's reason is reported as Healthy.
 */
export function podDisruptionBudgetHealth(object: KubeObject): ResourceHealth {
	let verdict = health('Progressing', 'Waiting for status');
	const conditions = object.status?.conditions;
	if (isNil(conditions)) return verdict;
	for (const condition of ipairsItems(conditions, 'status.conditions')) {
		const message = concat('PodDisruptionBudget has ', condition['reason']);
		if (condition['status'] === 'False' && condition['reason'] !== 'InsufficientPods') return health('Degraded', message);
		verdict = health('Healthy', message);
	}
	return verdict;
}
