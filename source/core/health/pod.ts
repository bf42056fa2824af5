// v1 Pod.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {readConditions} from './conditions.js';
import {health, list, num, quote, record, str} from './fields.js';
import {isHook} from './hooks.js';

const ignoreRestartPolicy = 'argocd.argoproj.io/ignore-restart-policy';

export function podHealth(object: KubeObject): ResourceHealth {
	const restartPolicy = str(object.spec?.restartPolicy);
	const status = object.status ?? {};
	const message = str(status.message);
	const containers = list(status.containerStatuses).map(record);
	// The annotation makes a finite (Never/OnFailure) pod count as long-running, except on hooks:
	// a hook pod waiting on an image must not fail its sync early.
	const longRunning = restartPolicy === 'Always' || (object.metadata?.annotations?.[ignoreRestartPolicy] === 'true' && !isHook(object));

	if (longRunning) {
		const stuck = containers
			.map(container => record(record(container['state'])['waiting']))
			.filter(waiting => isErrorWaitReason(str(waiting['reason'])));
		if (stuck.length > 0) return health('Degraded', stuck.map(waiting => str(waiting['message'])).join(', '));
	}

	switch (str(status.phase)) {
		case 'Pending':
			return health('Progressing', message);
		case 'Succeeded':
			return health('Healthy', message);
		case 'Failed':
			return health(
				'Degraded',
				message !== '' ? message : firstFailure([...list(status.initContainerStatuses).map(record), ...containers]),
			);
		case 'Running':
			if (longRunning) {
				if (readConditions(status.conditions).some(c => c.type === 'Ready' && c.status === 'True')) {
					return health('Healthy', message);
				}
				const restarted = containers.some(container => hasValue(record(container['lastState'])['terminated']));
				return health(restarted ? 'Degraded' : 'Progressing', message);
			}
			// OnFailure/Never pods are finite (typically hooks): running means not done yet.
			if (restartPolicy === 'OnFailure' || restartPolicy === 'Never') return health('Progressing', message);
	}
	return health('Unknown', message);
}

function isErrorWaitReason(reason: string): boolean {
	return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function firstFailure(containers: Array<Record<string, unknown>>): string {
	for (const container of containers) {
		const terminated = record(record(container['state'])['terminated']);
		if (str(terminated['message']) !== '') return str(terminated['message']);
		if (terminated['reason'] === 'OOMKilled') return 'OOMKilled';
		const exitCode = num(terminated['exitCode']);
		if (exitCode !== 0) return `container ${quote(str(container['name']))} failed with exit code ${exitCode}`;
	}
	return '';
}

/** Set and not null, as a Go pointer field decoded from JSON would be. */
function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null;
}
