// Kinds without a built-in rule: read the conventions most controllers follow
// (Flux, kstatus, Crossplane, cert-manager…): spec.suspend, Stalled, Reconciling, Ready,
// else a few unambiguous status.phase words. Null when the object says nothing.
import type {ResourceHealth} from '../apps/detail.js';
import type {HealthStatus} from '../apps/model.js';
import type {KubeObject} from '../kube/resource-type.js';
import {describeCondition, findCondition, readConditions} from './conditions.js';
import {health, num, optionalNum, str} from './fields.js';

const phaseHealth: Record<string, HealthStatus> = {
	Succeeded: 'Healthy',
	Ready: 'Healthy',
	Available: 'Healthy',
	Healthy: 'Healthy',
	Complete: 'Healthy',
	Completed: 'Healthy',
	Bound: 'Healthy',
	Pending: 'Progressing',
	Progressing: 'Progressing',
	Provisioning: 'Progressing',
	Creating: 'Progressing',
	Deploying: 'Progressing',
	Updating: 'Progressing',
	InProgress: 'Progressing',
	Terminating: 'Progressing',
	Failed: 'Degraded',
	Error: 'Degraded',
	Degraded: 'Degraded',
	Unhealthy: 'Degraded',
	Paused: 'Suspended',
	Suspended: 'Suspended',
	Unknown: 'Unknown',
};

export function genericHealth(object: KubeObject): ResourceHealth | null {
	if (object.spec?.suspend === true) return health('Suspended', `${object.kind ?? 'Object'} is suspended`);
	const conditions = readConditions(object.status?.conditions);
	const stalled = findCondition(conditions, 'Stalled');
	if (stalled?.status === 'True') return health('Degraded', describeCondition(stalled));
	// Flux keeps Reconciling=True/ProgressingWithRetry while it retries a failure:
	// that is not progress, so let Ready=False speak (Flux's own isReconcileFailure).
	const reconciling = findCondition(conditions, 'Reconciling');
	if (reconciling?.status === 'True' && reconciling.reason !== 'ProgressingWithRetry') {
		return health('Progressing', describeCondition(reconciling));
	}
	const ready = findCondition(conditions, 'Ready');
	if (ready !== undefined) {
		// Flux waits (and retries) on dependencies with Ready=False; nothing is broken yet.
		if (ready.status === 'False' && ready.reason === 'DependencyNotReady') {
			return health('Progressing', describeCondition(ready));
		}
		if (ready.status === 'False') return health('Degraded', describeCondition(ready));
		if (ready.status !== 'True') return health('Progressing', describeCondition(ready));
		if (isStale(object, ready.observedGeneration)) {
			return health('Progressing', 'Waiting for the latest generation to be observed');
		}
		return health('Healthy', ready.message);
	}
	const phase = str(object.status?.phase);
	const fromPhase = phaseHealth[phase];
	if (fromPhase !== undefined) return health(fromPhase, str(object.status?.message));
	return null;
}

/** Ready=True about an older spec than the current one. */
function isStale(object: KubeObject, readyGeneration: number | undefined): boolean {
	const generation = num(object.metadata?.generation);
	const observed = readyGeneration ?? optionalNum(object.status?.observedGeneration);
	return observed !== undefined && generation > 0 && observed < generation;
}
