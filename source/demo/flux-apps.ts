// Kustomizations and HelmReleases in every state the controllers leave them in: ready, suspended with a
// stale Ready, stalled, failing and retrying, waiting on a dependency,
// reconciling, missing or unready source.

import type {KubeObject} from '../core/kube/resource-type.js';
import {fluxCondition, inventoryOf, orderConditions, type FluxCondition} from './flux-conditions.js';
import type {SourceRef} from './flux-sources.js';
import {day, digest, hour, isoAgo, minute} from './values.js';

export type FluxAppState =
	| 'ready'
	| 'suspended'
	| 'stalled'
	| 'failed'
	| 'dependency'
	| 'reconciling'
	| 'missing-source'
	| 'source-not-ready';

export type KustomizationOptions = {
	name: string;
	namespace?: string;
	sourceRef: SourceRef;
	path?: string;
	state?: FluxAppState;
	/** Revision last applied (`main@sha1:…`). */
	appliedRevision: string;
	/** Revision being attempted when reconciling or failing; defaults to the applied one. */
	attemptedRevision?: string;
	dependsOn?: string[];
	/** Ready reason/message when failed or stalled. */
	reason?: string;
	message?: string;
	inventory?: readonly KubeObject[];
	targetNamespace?: string;
};

function sourceLabel(ref: SourceRef, namespace: string): string {
	return `${ref.kind}/${ref.namespace ?? namespace}/${ref.name}`;
}

function kustomizationConditions(options: KustomizationOptions, namespace: string): FluxCondition[] {
	const state = options.state ?? 'ready';
	const applied = `Applied revision: ${options.appliedRevision}`;
	const attempted = options.attemptedRevision ?? options.appliedRevision;
	const retrying = (message: string) => fluxCondition('Reconciling', 'True', 'ProgressingWithRetry', message, 30 * minute);
	switch (state) {
		case 'ready':
			return [
				fluxCondition('Ready', 'True', 'ReconciliationSucceeded', applied, 4 * hour),
				fluxCondition('Healthy', 'True', 'Succeeded', 'Health check passed in 12.4s', 4 * hour),
			];
		case 'suspended':
			// Not reconciled any more: Ready is whatever it was days ago.
			return [fluxCondition('Ready', 'True', 'ReconciliationSucceeded', applied, 6 * day)];
		case 'stalled': {
			const message =
				options.message ??
				`invalid CEL expression 'status.conditions.filter(c, c.type == "Ready").all(c, c.status)': no such key: conditions`;
			const reason = options.reason ?? 'InvalidCELExpression';
			return [fluxCondition('Stalled', 'True', reason, message, 2 * hour), fluxCondition('Ready', 'False', reason, message, 2 * hour)];
		}
		case 'failed': {
			const reason = options.reason ?? 'HealthCheckFailed';
			const waited = `timeout waiting for: [Deployment/${options.targetNamespace ?? namespace}/${options.name} status: 'InProgress']`;
			const message = options.message ?? `health check failed after 5m0.02s: ${waited}`;
			if (reason !== 'HealthCheckFailed')
				return [
					retrying(`Detecting drift for revision ${attempted} with a timeout of 5m0s`),
					fluxCondition('Ready', 'False', reason, message, 30 * minute),
				];
			// As kustomize-controller leaves a failed health check: Reconciling keeps the step it failed in, and Healthy
			// carries the wait error without the "health check failed after" prefix.
			const healthMessage = message.replace(/^health check failed after [^:]+: /, '');
			return [
				retrying(`Running health checks for revision ${attempted} with a timeout of 5m0s`),
				fluxCondition('Ready', 'False', reason, message, 30 * minute),
				fluxCondition('Healthy', 'False', 'HealthCheckFailed', healthMessage, 30 * minute),
			];
		}
		case 'dependency': {
			const dependency = options.dependsOn?.[0] ?? 'infrastructure';
			const qualified = dependency.includes('/') ? dependency : `${namespace}/${dependency}`;
			return [
				retrying('Reconciliation in progress'),
				fluxCondition('Ready', 'False', 'DependencyNotReady', `dependency '${qualified}' is not ready`, 25 * minute),
			];
		}
		case 'reconciling': {
			// spec.timeout (5m0s) is the health checks' timeout; Healthy says the same step while they run.
			const step = `Running health checks for revision ${attempted} with a timeout of 5m0s`;
			return [
				fluxCondition('Reconciling', 'True', 'Progressing', step, 20_000),
				fluxCondition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', 20_000),
				fluxCondition('Healthy', 'Unknown', 'Progressing', step, 20_000),
			];
		}
		case 'missing-source':
			return [
				retrying('Reconciliation in progress'),
				fluxCondition('Ready', 'False', 'ArtifactFailed', `Source '${sourceLabel(options.sourceRef, namespace)}' not found`, hour),
			];
		case 'source-not-ready':
			return [
				retrying('Reconciliation in progress'),
				fluxCondition('Ready', 'False', 'ArtifactFailed', 'Source artifact not found, retrying in 30s', 35 * minute),
			];
	}
}

export function kustomizationObject(options: KustomizationOptions): KubeObject {
	const namespace = options.namespace ?? 'flux-system';
	const state = options.state ?? 'ready';
	const conditions = kustomizationConditions(options, namespace);
	const appliedAt = isoAgo(state === 'suspended' ? 6 * day : 4 * hour);
	return {
		apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
		kind: 'Kustomization',
		metadata: {name: options.name, namespace, finalizers: ['finalizers.fluxcd.io']},
		spec: {
			interval: '10m0s',
			retryInterval: '2m0s',
			path: options.path ?? `./apps/${options.name}`,
			prune: true,
			wait: true,
			timeout: '5m0s',
			sourceRef: {
				kind: options.sourceRef.kind,
				name: options.sourceRef.name,
				...(options.sourceRef.namespace ? {namespace: options.sourceRef.namespace} : {}),
			},
			...(options.targetNamespace ? {targetNamespace: options.targetNamespace} : {}),
			...(options.dependsOn ? {dependsOn: options.dependsOn.map(name => ({name}))} : {}),
			...(state === 'suspended' ? {suspend: true} : {}),
		},
		status: {
			observedGeneration: 1,
			conditions: orderConditions(conditions),
			lastAppliedRevision: options.appliedRevision,
			lastAttemptedRevision: options.attemptedRevision ?? options.appliedRevision,
			inventory: inventoryOf(options.inventory ?? []),
			history: [
				{
					digest: digest(`${namespace}/${options.name}/${options.appliedRevision}`),
					firstReconciled: isoAgo(3 * day),
					lastReconciled: appliedAt,
					lastReconciledDuration: '2.481s',
					lastReconciledStatus: 'ReconciliationSucceeded',
					totalReconciliations: 214,
					metadata: {revision: options.appliedRevision},
				},
			],
		},
	};
}

type HelmReleaseState = FluxAppState | 'upgrade-failed';

export type HelmReleaseOptions = {
	name: string;
	namespace: string;
	chart: string;
	/** Chart version running now (history[0]). */
	version: string;
	/** Chart version the source offers and an upgrade attempts; defaults to `version`. */
	targetVersion?: string;
	appVersion?: string;
	sourceRef: SourceRef;
	state?: HelmReleaseState;
	/** Helm release revision of the running release. */
	releaseRevision?: number;
	dependsOn?: string[];
	inventory?: readonly KubeObject[];
};

/** Name and namespace of the HelmChart helm-controller generates for a release. */
export function generatedChart(options: Pick<HelmReleaseOptions, 'name' | 'namespace' | 'sourceRef'>) {
	return {name: `${options.namespace}-${options.name}`, namespace: options.sourceRef.namespace ?? options.namespace};
}

function snapshot(options: HelmReleaseOptions, version: number, chartVersion: string, status: string, action: string, agoMs: number) {
	return {
		apiVersion: 'v2',
		name: options.name,
		namespace: options.namespace,
		version,
		status,
		action,
		chartName: options.chart,
		chartVersion,
		appVersion: options.appVersion ?? chartVersion,
		configDigest: digest(`${options.namespace}/${options.name}/values`),
		digest: digest(`${options.namespace}/${options.name}.v${version}`),
		firstDeployed: isoAgo(20 * day),
		lastDeployed: isoAgo(agoMs),
	};
}

function releaseHistory(options: HelmReleaseOptions, state: HelmReleaseState) {
	const revision = options.releaseRevision ?? 4;
	const target = options.targetVersion ?? options.version;
	if (state === 'upgrade-failed') {
		// After rollback remediation: newest first.
		return [
			snapshot(options, revision + 2, options.version, 'deployed', 'rollback', 40 * minute),
			snapshot(options, revision + 1, target, 'failed', 'upgrade', 46 * minute),
			snapshot(options, revision, options.version, 'superseded', 'rollback', 2 * day),
		];
	}
	return [
		snapshot(options, revision, options.version, 'deployed', 'upgrade', 2 * day),
		snapshot(options, revision - 1, options.version, 'superseded', 'upgrade', 9 * day),
	];
}

function releaseConditions(options: HelmReleaseOptions, state: HelmReleaseState): FluxCondition[] {
	const revision = options.releaseRevision ?? 4;
	const target = options.targetVersion ?? options.version;
	const release = `${options.namespace}/${options.name}`;
	const succeeded = `Helm upgrade succeeded for release ${release}.v${revision} with chart ${options.chart}@${options.version}`;
	const released = fluxCondition('Released', 'True', 'UpgradeSucceeded', succeeded, 2 * day);
	const retrying = fluxCondition('Reconciling', 'True', 'ProgressingWithRetry', 'retrying after 5m0s', 30 * minute);
	switch (state) {
		case 'ready':
			return [fluxCondition('Ready', 'True', 'UpgradeSucceeded', succeeded, 2 * day), released];
		case 'suspended':
			return [fluxCondition('Ready', 'True', 'UpgradeSucceeded', succeeded, 8 * day), released];
		case 'reconciling': {
			const running = "Running 'upgrade' action with timeout of 5m0s";
			return [
				fluxCondition('Reconciling', 'True', 'Progressing', running, 15_000),
				fluxCondition('Ready', 'Unknown', 'Progressing', running, 15_000),
				released,
			];
		}
		case 'upgrade-failed': {
			const rollback = `Helm rollback to previous release ${release}.v${revision} with chart ${options.chart}@${options.version} succeeded`;
			const failed = `Helm upgrade failed for release ${release} with chart ${options.chart}@${target}: context deadline exceeded`;
			return [
				retrying,
				fluxCondition('Ready', 'False', 'RollbackSucceeded', rollback, 40 * minute),
				fluxCondition('Released', 'False', 'UpgradeFailed', failed, 46 * minute),
				fluxCondition('Remediated', 'True', 'RollbackSucceeded', rollback, 40 * minute),
			];
		}
		case 'stalled': {
			const message = 'Failed to upgrade after 3 attempt(s)';
			return [
				fluxCondition('Stalled', 'True', 'RetriesExceeded', message, hour),
				fluxCondition('Ready', 'False', 'UpgradeFailed', message, hour),
				released,
			];
		}
		case 'failed':
			return [
				retrying,
				fluxCondition(
					'Ready',
					'False',
					'ReconcileError',
					`failed to get last release revision: query: failed to query with labels: Unauthorized`,
					30 * minute,
				),
				released,
			];
		case 'dependency': {
			const dependency = options.dependsOn?.[0] ?? 'flux-system/infrastructure';
			return [
				retrying,
				fluxCondition(
					'Ready',
					'False',
					'DependencyNotReady',
					`dependency '${dependency.includes('/') ? dependency : `${options.namespace}/${dependency}`}' is not ready`,
					20 * minute,
				),
				released,
			];
		}
		case 'missing-source':
		case 'source-not-ready': {
			const chart = generatedChart(options);
			return [
				retrying,
				fluxCondition(
					'Ready',
					'False',
					'ArtifactFailed',
					`HelmChart '${chart.namespace}/${chart.name}' is not ready: latest generation of object has not been reconciled`,
					hour,
				),
				released,
			];
		}
	}
}

export function helmReleaseObject(options: HelmReleaseOptions): KubeObject {
	const state = options.state ?? 'ready';
	const chart = generatedChart(options);
	const target = options.targetVersion ?? options.version;
	const failed = state === 'upgrade-failed';
	return {
		apiVersion: 'helm.toolkit.fluxcd.io/v2',
		kind: 'HelmRelease',
		metadata: {name: options.name, namespace: options.namespace, finalizers: ['finalizers.fluxcd.io']},
		spec: {
			interval: '30m0s',
			chart: {
				spec: {
					chart: options.chart,
					version: target,
					sourceRef: {kind: options.sourceRef.kind, name: options.sourceRef.name, namespace: chart.namespace},
					interval: '10m0s',
				},
			},
			install: {remediation: {retries: 3}},
			upgrade: {remediation: {retries: 3, remediateLastFailure: true}},
			...(options.dependsOn ? {dependsOn: options.dependsOn.map(name => ({name}))} : {}),
			...(state === 'suspended' ? {suspend: true} : {}),
		},
		status: {
			observedGeneration: 1,
			lastAttemptedGeneration: 1,
			conditions: orderConditions(releaseConditions(options, state)),
			helmChart: `${chart.namespace}/${chart.name}`,
			storageNamespace: options.namespace,
			history: releaseHistory(options, state),
			lastAttemptedReleaseAction: 'upgrade',
			lastAttemptedRevision: target,
			lastAttemptedConfigDigest: digest(`${options.namespace}/${options.name}/values`),
			...(failed ? {failures: 1, upgradeFailures: 1} : {}),
			inventory: inventoryOf(options.inventory ?? []),
		},
	};
}
