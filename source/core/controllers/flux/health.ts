// Health of a Kustomization or HelmRelease from its own conditions (Ready, Stalled, Reconciling, and the
// kstatus generation rule). First match wins.

import type {HealthStatus} from '../../apps/model.js';
import {findCondition} from '../conditions.js';
import type {FluxAppProjection} from './projection.js';
import {firstLine} from '../../util/error-text.js';

type FluxHealth = {
	health: HealthStatus;
	/** 'Deleting', 'Suspended', 'Stalled', 'Waiting on dependency' or ''. */
	stateLabel: string;
	message: string;
};

export function fluxHealth(app: FluxAppProjection): FluxHealth {
	const ready = findCondition(app.conditions, 'Ready');
	const stalled = findCondition(app.conditions, 'Stalled');
	const reconciling = findCondition(app.conditions, 'Reconciling');
	const readyMessage = firstLine(ready?.message ?? '');

	if (app.deletionTimestamp !== null) {
		return {health: 'Progressing', stateLabel: 'Deleting', message: 'Being deleted'};
	}
	// Suspended objects are not reconciled, so their Ready condition is stale.
	if (app.suspended) {
		return {health: 'Suspended', stateLabel: 'Suspended', message: readyMessage || 'Reconciliation suspended'};
	}
	// Just created: the controller has not written any status yet.
	if (app.conditions.length === 0) {
		return {health: 'Progressing', stateLabel: '', message: 'Waiting to be reconciled'};
	}
	if (stalled?.status === 'True') {
		return {health: 'Degraded', stateLabel: 'Stalled', message: withReason(stalled.reason, stalled.message)};
	}
	if (ready?.status === 'False') {
		if (ready.reason === 'DependencyNotReady') {
			return {
				health: 'Progressing',
				stateLabel: 'Waiting on dependency',
				message: withReason(ready.reason, dependencyMessage(app, readyMessage)),
			};
		}
		return {health: 'Degraded', stateLabel: '', message: withReason(ready.reason, ready.message)};
	}
	if (reconciling?.status === 'True' || ready?.status === 'Unknown') {
		const step = reconciling?.status === 'True' && firstLine(reconciling.message) !== '' ? reconciling : ready;
		return {health: 'Progressing', stateLabel: '', message: withReason(step?.reason ?? '', step?.message ?? '')};
	}
	const lag = generationLag(app);
	if (lag !== null) return {health: 'Progressing', stateLabel: '', message: lag};
	if (ready?.status === 'True') return {health: 'Healthy', stateLabel: '', message: readyMessage};
	return {health: 'Unknown', stateLabel: '', message: withReason(ready?.reason ?? '', readyMessage)};
}

/**
 * The controller's "reason: message", reason first: the list's message cell is cut from the right, and the
 * reason (HealthCheckFailed, DependencyNotReady, ProgressingWithRetry) is what survives a narrow terminal.
 */
export function withReason(reason: string, message: string): string {
	const line = firstLine(message);
	if (reason === '') return line;
	return line === '' ? reason : `${reason}: ${line}`;
}

/** The controller's message names the dependency; fall back to spec.dependsOn. */
function dependencyMessage(app: FluxAppProjection, readyMessage: string): string {
	const named = app.dependsOn.length === 0 || app.dependsOn.some(dependency => readyMessage.includes(dependency));
	if (readyMessage !== '' && named) return readyMessage;
	if (app.dependsOn.length === 0) return 'Waiting on a dependency';
	return `Waiting on ${app.dependsOn.join(', ')}`;
}

/** kstatus: a spec change the controller has not observed yet. */
function generationLag(app: FluxAppProjection): string | null {
	const generation = app.generation;
	if (generation === null) return null;
	const observed = [app.observedGeneration, app.readyObservedGeneration].filter(value => value !== null);
	const oldest = observed.length === 0 ? null : Math.min(...observed);
	if (oldest === null || oldest >= generation) return null;
	return `${app.kind} generation is ${generation}, but latest observed generation is ${oldest}`;
}
