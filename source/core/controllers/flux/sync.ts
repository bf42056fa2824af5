// Sync of a Flux app: has it applied what its source currently offers?
// Unknown whenever the source cannot be seen or is not Ready (its artifact may
// be stale or absent), including source types not watched on this cluster.

import type {AppSourceRef, SyncStatus} from '../../apps/model.js';
import {typeKey} from '../../kube/resource-type.js';
import type {ProjectionTable} from '../controller.js';
import type {FluxAppProjection, FluxObjectRef, FluxSourceProjection} from './projection.js';
import {findCondition} from '../conditions.js';
import {chartMatches, kustomizationDeployedRevision, sameRevision} from './revision.js';
import {sourceTypeOfKind} from './types.js';

export type Tables = ReadonlyMap<string, ProjectionTable>;

export function findSource(tables: Tables, ref: FluxObjectRef): FluxSourceProjection | null {
	const type = sourceTypeOfKind(ref.kind);
	if (type === undefined) return null;
	const found = tables.get(typeKey(type))?.get(`${ref.namespace}/${ref.name}`);
	return found === undefined ? null : (found as FluxSourceProjection);
}

/** The source as the row shows it; for a HelmChart, the URL of its repository. */
export function sourceRef(tables: Tables, ref: FluxObjectRef, source: FluxSourceProjection | null): AppSourceRef {
	let url = source?.url ?? '';
	if (source !== null && source.chartSourceRef !== null) {
		url = findSource(tables, source.chartSourceRef)?.url || source.chart;
	}
	return {
		kind: ref.kind,
		name: ref.name,
		namespace: ref.namespace,
		url,
		revision: source?.artifactRevision ?? '',
		ready: source === null ? null : source.ready === 'True',
	};
}

function usable(source: FluxSourceProjection | null): source is FluxSourceProjection {
	return source !== null && source.ready === 'True' && source.artifactRevision !== '';
}

/** The revision the Kustomization's objects are at (see kustomizationDeployedRevision). */
export function kustomizationRevision(app: FluxAppProjection): string {
	return kustomizationDeployedRevision(app.lastAppliedRevision, app.lastAttemptedRevision, findCondition(app.conditions, 'Ready'));
}

export function kustomizationSync(app: FluxAppProjection, source: FluxSourceProjection | null): SyncStatus {
	if (!usable(source)) return 'Unknown';
	return sameRevision(kustomizationRevision(app), source.artifactRevision) ? 'Synced' : 'OutOfSync';
}

/** The chart version the release runs: history[0], or lastAppliedRevision on old objects. */
function deployedChart(app: FluxAppProjection): string {
	return app.release?.chartVersion || app.lastAppliedRevision;
}

/** What `flux get hr` shows as REVISION: the deployed chart, else the chart version last attempted. */
export function helmReleaseRevision(app: FluxAppProjection): string {
	return deployedChart(app) || app.lastAttemptedRevision;
}

/** helm-controller's drift detection (mode warn or enabled) found the cluster differing from the release. */
function helmReleaseDrifted(app: FluxAppProjection): boolean {
	return findCondition(app.conditions, 'Drifted')?.status === 'True';
}

export function helmReleaseSync(app: FluxAppProjection, source: FluxSourceProjection | null): SyncStatus {
	// The release is the right chart, but the cluster no longer matches it.
	if (helmReleaseDrifted(app)) return 'OutOfSync';
	if (!usable(source)) return 'Unknown';
	const matches = chartMatches(deployedChart(app), app.release?.ociDigest ?? '', source.artifactRevision);
	return matches ? 'Synced' : 'OutOfSync';
}
