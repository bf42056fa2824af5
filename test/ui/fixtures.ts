// Realistic app rows for UI tests.
import type {AppDetail} from '../../source/core/apps/detail.js';
import {appId, type AppSummary, type HealthStatus, type SyncStatus} from '../../source/core/apps/model.js';
import type {SourceState} from '../../source/core/kube/source-state.js';

export function makeApp(overrides: Partial<AppSummary> & {name: string}): AppSummary {
	const kind = overrides.kind ?? 'Kustomization';
	const namespace = overrides.namespace ?? 'flux-system';
	const context = overrides.context ?? 'prod-eu';
	return {
		id: appId(context, kind, namespace, overrides.name),
		provider: kind === 'Application' ? 'argocd' : 'flux',
		kind,
		apiVersion: kind === 'Application' ? 'argoproj.io/v1alpha1' : 'kustomize.toolkit.fluxcd.io/v1',
		namespace,
		deploysInto: [namespace],
		context,
		sync: 'Synced',
		health: 'Healthy',
		revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
		message: 'Applied revision: main@sha1:0123456789abcdef0123456789abcdef01234567',
		operation: null,
		stateLabel: '',
		autoSync: true,
		lastChange: new Date(Date.now() - 5 * 60_000).toISOString(),
		conditions: [],
		source: null,
		resourceVersion: '1',
		...overrides,
	};
}

const healths: HealthStatus[] = ['Healthy', 'Healthy', 'Healthy', 'Degraded', 'Progressing', 'Suspended'];
const syncs: SyncStatus[] = ['Synced', 'Synced', 'OutOfSync'];

/** `count` apps named app-000…, with a mix of kinds and states. */
export function manyApps(count: number): AppSummary[] {
	return Array.from({length: count}, (_, index) =>
		makeApp({
			name: `app-${String(index).padStart(3, '0')}`,
			kind: index % 3 === 0 ? 'Application' : index % 3 === 1 ? 'Kustomization' : 'HelmRelease',
			namespace: index % 2 === 0 ? 'argocd' : 'team-payments',
			health: healths[index % healths.length]!,
			sync: syncs[index % syncs.length]!,
			message: index % 7 === 0 ? 'health check failed: Deployment/api has 0/3 ready replicas, waiting for rollout to finish' : '',
		}),
	);
}

export function liveSource(label: string, key = label.toLowerCase().replace(/\s+/g, '-')): SourceState {
	return {key, label, phase: 'live', lastUpdated: Date.now(), message: ''};
}

/** A small mixed fleet used by most tests. */
export function fleet(): AppSummary[] {
	return [
		makeApp({name: 'frontend', namespace: 'shop', kind: 'Application'}),
		makeApp({
			name: 'payments',
			namespace: 'shop',
			kind: 'HelmRelease',
			health: 'Degraded',
			sync: 'OutOfSync',
			stateLabel: 'Sync failed',
			message: 'install retries exhausted',
			revision: '1.4.2',
			lastChange: new Date(Date.now() - 2 * 60_000).toISOString(),
		}),
		makeApp({
			name: 'infra',
			namespace: 'flux-system',
			health: 'Progressing',
			lastChange: new Date(Date.now() - 3 * 3_600_000).toISOString(),
		}),
		makeApp({name: 'monitoring', namespace: 'observability', health: 'Suspended', stateLabel: 'Suspended', lastChange: null}),
	];
}

export function frontendDetail(): AppDetail {
	return {
		conditions: [{type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'all good', lastTransitionTime: undefined}],
		operation: {
			phase: 'Succeeded',
			message: 'successfully synced (all tasks run)',
			startedAt: '2026-11-01T10:00:00Z',
			finishedAt: '2026-11-01T10:00:05Z',
			revision: '0123456789abcdef0123456789abcdef01234567',
			initiatedBy: 'automated',
		},
		history: [{id: '7', revision: '0123456789abcdef', deployedAt: '2026-11-01T10:00:05Z', note: 'apps/frontend'}],
		resources: [
			{
				group: 'apps',
				version: 'v1',
				kind: 'Deployment',
				namespace: 'shop',
				name: 'frontend-web',
				sync: 'Synced',
				health: {status: 'Healthy', message: ''},
			},
			{group: '', version: 'v1', kind: 'Service', namespace: 'shop', name: 'frontend-svc', sync: 'Synced', health: null},
			{
				group: 'apps',
				version: 'v1',
				kind: 'StatefulSet',
				namespace: 'shop',
				name: 'frontend-cache',
				sync: 'OutOfSync',
				health: {status: 'Degraded', message: 'Waiting for 2 pods to be ready'},
			},
		],
	};
}
