// Drift states for UI tests, with real diffs made by the core differ (the UI never diffs itself).
import {pendingDrift, type AppDriftState} from '../../source/core/drift/drift-state.js';
import {unifiedDiff} from '../../source/core/diff/unified.js';
import type {DriftReport, DriftResource} from '../../source/core/drift/types.js';
import {driftStatus, errorLines} from '../../source/core/drift/status.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';

export const renderedSha = 'abc1234def5678900000000000000000deadbeef';

function objectOf(kind: string, namespace: string, name: string, rest: Record<string, unknown>): KubeObject {
	const apiVersion = kind === 'Deployment' || kind === 'StatefulSet' ? 'apps/v1' : 'v1';
	return {apiVersion, kind, metadata: {name, namespace}, ...rest} as KubeObject;
}

/** A drifted (or missing, or prunable) object; `live`/`desired` null for a missing side. */
export function drifted(
	kind: string,
	namespace: string,
	name: string,
	live: Record<string, unknown> | null,
	desired: Record<string, unknown> | null,
): DriftResource {
	const group = kind === 'Deployment' || kind === 'StatefulSet' ? 'apps' : '';
	const diff = unifiedDiff(live ? objectOf(kind, namespace, name, live) : null, desired ? objectOf(kind, namespace, name, desired) : null, {
		kind,
		namespace,
		name,
	});
	return {ref: {group, kind, namespace, name}, change: diff.change, diff, error: null};
}

export function notCompared(kind: string, namespace: string, name: string, error: string): DriftResource {
	return {ref: {group: '', kind, namespace, name}, change: 'unchanged', diff: null, error};
}

function env(count: number, changed: Record<number, string>): Array<{name: string; value: string}> {
	return Array.from({length: count}, (_, index) => ({
		name: `VAR_${String(index).padStart(2, '0')}`,
		value: changed[index] ?? `value-${index}`,
	}));
}

function deployment(replicas: number, image: string, vars: Array<{name: string; value: string}>): Record<string, unknown> {
	return {spec: {replicas, template: {spec: {containers: [{name: 'web', image, env: vars}]}}}};
}

/** Deployment with two hunks far apart (replicas at the top, one env var near the end). */
export function webDeployment(): DriftResource {
	return drifted(
		'Deployment',
		'shop',
		'frontend-web',
		deployment(2, 'shop/web:1.0', env(40, {})),
		deployment(3, 'shop/web:1.0', env(40, {36: 'changed-in-git'})),
	);
}

export function reportOf(resources: DriftResource[], extra: Partial<DriftReport> = {}): DriftReport {
	const errors = errorLines(resources);
	return {status: driftStatus(resources, errors), resources, errors, warnings: [], ...extra};
}

/** modified Deployment (2 hunks), missing Service, prunable ConfigMap, Secret not compared, one unchanged. */
export function mixedReport(): DriftReport {
	return reportOf([
		webDeployment(),
		drifted('Service', 'shop', 'frontend-svc', null, {spec: {ports: [{port: 80}], selector: {app: 'web'}}}),
		drifted('StatefulSet', 'shop', 'frontend-cache', {spec: {replicas: 1}}, {spec: {replicas: 1}}),
		drifted('ConfigMap', 'shop', 'old-config', {data: {stale: 'yes'}}, null),
		notCompared('Secret', 'shop', 'frontend-creds', 'forbidden: cannot get secrets in shop'),
	]);
}

export function readyDrift(report: DriftReport, overrides: Partial<AppDriftState> = {}): AppDriftState {
	return {
		...pendingDrift,
		phase: 'ready',
		report,
		rendered: {
			revision: renderedSha,
			commit: {
				hash: renderedSha,
				subject: 'Bump web to 3 replicas',
				author: 'Alice Example',
				authorEmail: 'alice@example.com',
				date: new Date(Date.now() - 3 * 3_600_000).toISOString(),
			},
		},
		tracked: {
			repoUrl: 'https://git.example.com/shop/deploy.git',
			ref: 'main',
			head: null,
			ahead: 3,
			fetchedAt: Date.now() - 2 * 60_000,
			error: null,
		},
		controllerSync: 'Synced',
		disagreement: null,
		computedAt: Date.now(),
		...overrides,
	};
}

/** A ConfigMap with `keys` data entries, of which a few change: a 5 000-line diff when unfolded. */
export function bigConfigMap(keys: number): DriftResource {
	const live: Record<string, string> = {};
	for (let index = 0; index < keys; index++) live[`key-${String(index).padStart(5, '0')}`] = `value ${index}`;
	const desired = {...live, 'key-00100': 'changed 100', 'key-02500': 'changed 2500', 'key-04900': 'changed 4900'};
	return drifted('ConfigMap', 'shop', 'huge', {data: live}, {data: desired});
}
