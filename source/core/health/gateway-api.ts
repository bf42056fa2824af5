// gateway.networking.k8s.io Gateway and HTTPRoute, judged as Argo CD's built-in Lua checks judge them.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, str} from './fields.js';
import {concat, ipairsItems, isNil, length, table} from './lua-values.js';

export function gatewayHealth(object: KubeObject): ResourceHealth {
	const waiting = health('Progressing', 'Waiting for Gateway status');
	if (isNil(object.status)) return waiting;
	const status = table(object.status, 'status');
	if (!isNil(status['conditions'])) {
		const verdict = conditionsVerdict(status['conditions'], 'status.conditions', 'Gateway is still being programmed');
		if (verdict !== undefined) return verdict;
	}
	if (!isNil(status['listeners'])) {
		for (const listener of ipairsItems(status['listeners'], 'status.listeners')) {
			if (isNil(listener['conditions'])) continue;
			const verdict = conditionsVerdict(listener['conditions'], 'listener conditions', 'Listener is still being programmed');
			if (verdict !== undefined) return health(verdict.status, `Listener: ${verdict.message}`);
		}
	}
	if (!isNil(status['conditions']) || length(status['listeners']) > 0) return health('Healthy', 'Gateway is healthy');
	return waiting;
}

/**
 * Each parent (Gateway) reports on the route separately. Parents whose conditions speak of an
 * older generation of the route are skipped: a stale rejection must not outlive the fix.
 */
export function httpRouteHealth(object: KubeObject): ResourceHealth {
	const waiting = health('Progressing', 'Waiting for HTTPRoute status');
	if (isNil(object.status)) return waiting;
	const parents = table(object.status, 'status')['parents'];
	if (isNil(parents)) return waiting;
	const generation = object.metadata?.generation;
	for (const parent of ipairsItems(parents, 'status.parents')) {
		if (isNil(parent['conditions']) || !parentSawGeneration(parent, generation)) continue;
		const verdict = conditionsVerdict(parent['conditions'], 'parent conditions', 'Route is still being programmed');
		if (verdict !== undefined) {
			const name = table(parent['parentRef'], 'parentRef')['name'];
			return health(verdict.status, concat('Parent ', isNil(name) ? '' : name, ': ', verdict.message));
		}
	}
	for (const parent of ipairsItems(parents, 'status.parents')) {
		if (length(parent['conditions']) > 0 && parentSawGeneration(parent, generation)) {
			return health('Healthy', 'HTTPRoute is healthy');
		}
	}
	return waiting;
}

/** Every condition that states an observedGeneration states the current one (always true without a generation). */
function parentSawGeneration(parent: Record<string, unknown>, generation: number | undefined): boolean {
	if (isNil(generation)) return true;
	if (isNil(parent['conditions']) || length(parent['conditions']) === 0) return false;
	return ipairsItems(parent['conditions'], 'parent conditions').every(
		condition => isNil(condition['observedGeneration']) || condition['observedGeneration'] === generation,
	);
}

/**
 * ResolvedRefs=False, then Accepted=False, are Degraded; a Programmed condition that is not True
 * is Progressing. A condition without a message gets a stock one (an empty message stays empty).
 */
function conditionsVerdict(conditions: unknown, path: string, programmingMessage: string): ResourceHealth | undefined {
	const items = ipairsItems(conditions, path);
	for (const type of ['ResolvedRefs', 'Accepted']) {
		const failed = items.find(condition => condition['type'] === type && condition['status'] === 'False');
		if (failed !== undefined) return health('Degraded', messageOr(failed, `Failed condition: ${type}`));
	}
	const programming = items.find(condition => condition['type'] === 'Programmed' && condition['status'] !== 'True');
	if (programming !== undefined) return health('Progressing', messageOr(programming, programmingMessage));
	return undefined;
}

function messageOr(condition: Record<string, unknown>, fallback: string): string {
	return isNil(condition['message']) ? fallback : str(condition['message']);
}
