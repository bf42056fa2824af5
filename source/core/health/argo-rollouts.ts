// Argo Rollouts (argoproj.io Rollout and AnalysisRun), judged as Argo CD's built-in Lua checks judge them.
import type {ResourceHealth} from '../apps/detail.js';
import type {HealthStatus} from '../apps/model.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, str} from './fields.js';
import {ipairsItems, isNil, isTruthy, length, table, toNumber} from './lua-values.js';

const workloadGenerationAnnotation = 'rollout.argoproj.io/workload-generation';

/** The codes Argo CD accepts from a health check; anything else becomes Unknown. */
const validCodes = new Set<string>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

export function rolloutHealth(object: KubeObject): ResourceHealth {
	if (!specObserved(object) || !workloadObserved(object)) {
		return health('Progressing', 'Waiting for rollout spec update to be observed');
	}
	const status = table(object.status, 'status');
	const spec = table(object.spec, 'spec');

	// Rollouts v1.0+ controllers publish their own verdict; it is taken as is, Paused read as Suspended.
	if (!isNil(status['phase'])) {
		const code = status['phase'] === 'Paused' ? 'Suspended' : String(status['phase']);
		if (!validCodes.has(code)) return health('Unknown', 'Lua returned an invalid health status');
		return health(code as HealthStatus, str(status['message']));
	}

	for (const condition of ipairsItems(status['conditions'], 'status.conditions')) {
		const failedProgress =
			condition['type'] === 'Progressing' &&
			(condition['reason'] === 'RolloutAborted' || condition['reason'] === 'ProgressDeadlineExceeded');
		if (condition['type'] === 'InvalidSpec' || failedProgress) return health('Degraded', str(condition['message']));
	}

	if (length(status['pauseConditions']) > 0 || isTruthy(spec['paused'])) {
		return health('Suspended', 'Rollout is paused');
	}
	if (isNil(status['currentPodHash'])) {
		return health('Progressing', 'Waiting for rollout to finish: status has not been reconciled.');
	}

	const desired = numberOr(spec['replicas'], 1);
	const current = numberOr(status['replicas'], 0);
	const updated = numberOr(status['updatedReplicas'], 0);
	const available = numberOr(status['availableReplicas'], 0);
	if (updated < desired) {
		return health('Progressing', 'Waiting for roll out to finish: More replicas need to be updated');
	}
	if (available < updated) {
		return health('Progressing', 'Waiting for roll out to finish: updated replicas are still becoming available');
	}

	const podHash = status['currentPodHash'];
	const stable = stableReplicaSet(status);
	const strategy = table(spec['strategy'], 'spec.strategy');
	if (!isNil(strategy['blueGreen'])) {
		const blueGreen = status['blueGreen'];
		if (isNil(blueGreen) || nilSafe(table(blueGreen, 'status.blueGreen')['activeSelector']) !== podHash) {
			return health('Progressing', 'active service cutover pending');
		}
		// Pre-v0.8 blue-green rollouts never set a stable ReplicaSet, so only a different one means waiting.
		if (stable !== '' && stable !== podHash) return health('Progressing', 'waiting for analysis to complete');
	} else if (!isNil(strategy['canary'])) {
		if (current > updated) {
			return health('Progressing', 'Waiting for roll out to finish: old replicas are pending termination');
		}
		if (stable === '' || stable !== podHash) return health('Progressing', 'Waiting for rollout to finish steps');
	}
	return health('Healthy', '');
}

/**
 * The controller has seen the current spec. Before v0.10 status.observedGeneration was a hash, not
 * a number; such rollouts (and hashes that happen to read as a number larger than the generation)
 * count as observed.
 */
function specObserved(object: KubeObject): boolean {
	if (isNil(object.status)) return false;
	const observed = toNumber(table(object.status, 'status')['observedGeneration']);
	if (observed === undefined) return true;
	const generation = object.metadata?.generation;
	if (typeof generation !== 'number') throw new Error('cannot compare status.observedGeneration with a missing metadata.generation');
	return observed >= generation;
}

/** With spec.workloadRef (v1.1+) the referenced workload's generation must be observed too. */
function workloadObserved(object: KubeObject): boolean {
	const spec = table(object.spec, 'spec');
	if (isNil(spec['workloadRef']) || isNil(object.metadata?.annotations)) return true;
	const wanted = toNumber(object.metadata.annotations[workloadGenerationAnnotation]);
	const observed = toNumber(table(object.status, 'status')['workloadObservedGeneration']);
	return wanted === observed;
}

/**
 * status.stableRS, or (before v0.8) status.canary.stableRS. Undefined when status.canary exists
 * without one, which differs from '' (no canary status at all) in the blue-green test above.
 */
function stableReplicaSet(status: Record<string, unknown>): unknown {
	if (!isNil(status['stableRS'])) return status['stableRS'];
	if (!isNil(status['canary'])) return nilSafe(table(status['canary'], 'status.canary')['stableRS']);
	return '';
}

/** JSON null and absent are the same nil to the check. */
function nilSafe(value: unknown): unknown {
	return value === null ? undefined : value;
}

function numberOr(value: unknown, fallback: number): number {
	if (isNil(value)) return fallback;
	if (typeof value !== 'number') throw new Error(`cannot compare replica count ${JSON.stringify(value)} with a number`);
	return value;
}

/** Per phase: the health, and the message used when status.message is absent (running phases never use it). */
const analysisRunPhases = new Map<unknown, {status: HealthStatus; fallbackMessage: string; ownMessage: boolean}>([
	['Pending', {status: 'Progressing', fallbackMessage: 'Analysis run is running', ownMessage: false}],
	['Running', {status: 'Progressing', fallbackMessage: 'Analysis run is running', ownMessage: false}],
	['Successful', {status: 'Healthy', fallbackMessage: 'Analysis run completed successfully', ownMessage: true}],
	['Failed', {status: 'Degraded', fallbackMessage: 'Analysis run failed', ownMessage: true}],
	['Error', {status: 'Degraded', fallbackMessage: 'Analysis run had an error', ownMessage: true}],
	['Inconclusive', {status: 'Unknown', fallbackMessage: 'Analysis run was inconclusive', ownMessage: true}],
]);

/** Null when the run has a status but a phase the check does not know: Argo CD then shows no health. */
export function analysisRunHealth(object: KubeObject): ResourceHealth | null {
	if (isNil(object.status)) {
		return health('Progressing', 'Waiting for analysis run to finish: status has not been reconciled.');
	}
	const status = table(object.status, 'status');
	const phase = analysisRunPhases.get(status['phase']);
	if (phase === undefined) return null;
	const message = phase.ownMessage && !isNil(status['message']) ? str(status['message']) : phase.fallbackMessage;
	return health(phase.status, message);
}
