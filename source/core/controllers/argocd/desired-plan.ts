// Where an Argo CD Application's desired state comes from:
// each Git source with a path, at the revision the controller last compared against.

import type {ObjectRef} from '../../diff/types.js';
import {isFullSha, normalizeTreePath} from '../../git/types.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {at, type JsonRecord, list, record, text} from '../../util/json.js';
import {argoHelmOptions, type SourceOrigin} from './helm-source.js';
import {planError, planOrFailure, unsupported} from '../../desired/plan-problem.js';
import type {DesiredPlan, DesiredSource} from '../../desired/types.js';

const ARGO_FIELD_MANAGER = 'argocd-controller';

type SourceEntry = {
	source: JsonRecord;
	field: string;
	origin: SourceOrigin;
	/** spec targetRevision, 'HEAD' when unset. */
	targetRevision: string;
	/** The newest history entry's revision of this source; '' when unknown. */
	deployedRevision: string;
};

export function argoDesiredPlan(app: KubeObject): DesiredPlan {
	return planOrFailure(() => {
		const name = text(app.metadata?.name);
		const label = `Application ${[text(app.metadata?.namespace), name].filter(part => part !== '').join('/')}`;
		const spec = record(app.spec);
		if (spec === null) throw planError(`${label} has no spec`);
		if (record(spec['sourceHydrator']) !== null) {
			throw unsupported(
				`${label} uses the source hydrator: Argo CD commits its hydrated manifests to another branch, which driftwatch does not render`,
			);
		}
		const entries = sourceEntries(app, spec, label);
		const namespace = text(at(spec, 'destination')?.['namespace']);
		const refSource = (refName: string) => entries.find(entry => text(entry.source['ref']) === refName)?.origin ?? null;
		const sources: DesiredSource[] = [];
		for (const entry of entries) {
			if (isRefOnly(entry.source)) continue;
			sources.push(desiredSource(entry, name, namespace, refSource));
		}
		if (sources.length === 0) throw planError(`${label} has only ref sources: nothing renders manifests`);
		return {ok: true, sources, tracked: trackedResources(app.status), fieldManager: ARGO_FIELD_MANAGER, excludesHooks: true};
	});
}

/** spec.sources when not empty (multi-source), else spec.source; with the revision each was compared at. */
function sourceEntries(app: KubeObject, spec: JsonRecord, label: string): SourceEntry[] {
	const multi = list(spec['sources']).length > 0;
	const raw = multi ? list(spec['sources']) : [spec['source']];
	const sync = at(app.status, 'sync');
	const recorded = multi ? list(sync?.['revisions']).map(text) : [text(sync?.['revision'])];
	// The newest history entry is what runs; its revisions are positional like the spec's sources. Only an
	// OutOfSync app has something newer to deploy: a Synced one's later commits changed nothing it deploys.
	const outOfSync = text(sync?.['status']) === 'OutOfSync';
	const deployedEntry = outOfSync ? record(list(record(app.status)?.['history']).at(-1)) : null;
	const deployed = multi ? list(deployedEntry?.['revisions']).map(text) : [text(deployedEntry?.['revision'])];
	const deployedSources = multi ? list(deployedEntry?.['sources']) : [deployedEntry?.['source']];
	const compared = multi ? list(at(sync, 'comparedTo')?.['sources']) : [at(sync, 'comparedTo', 'source')];
	// Revisions are positional: if their count does not match the sources they belong to another spec.
	const usable = recorded.length === raw.length;
	return raw.map((value, index) => {
		const field = multi ? `spec.sources[${index}]` : 'spec.source';
		const source = record(value);
		if (source === null) throw planError(`${label} has no ${field}`);
		const repoUrl = text(source['repoURL']);
		if (repoUrl === '') throw planError(`${label} ${field} has no repoURL`);
		const targetRevision = text(source['targetRevision']) || 'HEAD';
		const revision = usable && comparedSameSource(compared[index], repoUrl, targetRevision) ? recorded[index]! : '';
		// Deployed from this repository (a rollback deploys an older source: then it is that source's, not this one's).
		const deployedFrom = text(record(deployedSources[index])?.['repoURL']);
		const deployedRevision = deployed.length === raw.length && deployedFrom === repoUrl ? (deployed[index] ?? '') : '';
		return {source, field, origin: {repoUrl, revision: revision || targetRevision}, targetRevision, deployedRevision};
	});
}

/**
 * Whether the recorded revision was resolved for this source: after an edit of repoURL or targetRevision it
 * belongs to the old one until the controller compares again.
 */
function comparedSameSource(compared: unknown, repoUrl: string, targetRevision: string): boolean {
	const source = record(compared);
	if (source === null || text(source['repoURL']) === '') return true;
	return text(source['repoURL']) === repoUrl && (text(source['targetRevision']) || 'HEAD') === targetRevision;
}

/** A multi-source `ref:` source without a path only lends its files to others. */
function isRefOnly(source: JsonRecord): boolean {
	return text(source['ref']) !== '' && text(source['path']) === '' && text(source['chart']) === '';
}

function desiredSource(
	entry: SourceEntry,
	appName: string,
	namespace: string,
	refSource: (name: string) => SourceOrigin | null,
): DesiredSource {
	const {source, field, origin} = entry;
	rejectUnrendered(source, field, origin.repoUrl);
	const path = normalizeTreePath(text(source['path'])) || '.';
	const desired: DesiredSource = {
		repoUrl: origin.repoUrl,
		revision: origin.revision,
		trackedRef: isFullSha(entry.targetRevision) ? null : entry.targetRevision,
		...(entry.deployedRevision !== '' && entry.deployedRevision !== origin.revision ? {deployedRevision: entry.deployedRevision} : {}),
		path,
		namespace,
		// Only used when the path holds a Chart.yaml; Argo CD names the release after the app by default.
		helm: argoHelmOptions(source, {field, appName, namespace, chartPath: path === '.' ? '' : path, origin, refSource}),
	};
	const directory = record(source['directory']);
	if (directory?.['recurse'] !== true) desired.recurse = false;
	return desired;
}

// Kustomize options Argo CD applies with `kustomize edit` before building: without them the render differs.
const KUSTOMIZE_OVERRIDES = [
	'namePrefix',
	'nameSuffix',
	'images',
	'commonLabels',
	'commonAnnotations',
	'namespace',
	'replicas',
	'patches',
	'components',
];

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Sources whose manifests are not in the Git tree, or not reproduced by a local render, are refused by name. */
function rejectUnrendered(source: JsonRecord, field: string, repoUrl: string): void {
	const chart = text(source['chart']);
	if (/^oci:\/\//i.test(repoUrl)) {
		throw unsupported(`${field} is an OCI artifact (${repoUrl}); driftwatch renders Git sources only`);
	}
	if (chart !== '') {
		throw unsupported(`${field} is Helm chart ${chart} from the Helm repository ${repoUrl}; driftwatch renders Git sources only`);
	}
	const plugin = record(source['plugin']);
	if (plugin !== null) {
		const name = text(plugin['name']);
		throw unsupported(`${field} uses the config management plugin${name ? ` ${name}` : ''}, which only runs inside Argo CD's repo-server`);
	}
	const kustomize = record(source['kustomize']) ?? {};
	const overrides = KUSTOMIZE_OVERRIDES.filter(key => !isEmpty(kustomize[key]));
	if (overrides.length > 0) {
		throw unsupported(`${field}.kustomize sets ${overrides.join(', ')}; driftwatch does not apply Argo CD's kustomize overrides`);
	}
	const directory = record(source['directory']) ?? {};
	const filters = ['include', 'exclude'].filter(key => !isEmpty(directory[key]));
	if (filters.length > 0) {
		throw unsupported(`${field}.directory sets ${filters.join(' and ')}; driftwatch renders every manifest of the directory`);
	}
	if (!isEmpty(directory['jsonnet'])) throw unsupported(`${field}.directory.jsonnet is set; driftwatch does not evaluate Jsonnet`);
}

/** status.resources: the app's top-level managed objects; its live hooks (`hook: true`) are not compared. */
function trackedResources(status: unknown): ObjectRef[] {
	return list(record(status)?.['resources'])
		.map(record)
		.filter(resource => resource !== null && text(resource['kind']) !== '' && text(resource['name']) !== '' && resource['hook'] !== true)
		.map(resource => ({
			group: text(resource!['group']),
			kind: text(resource!['kind']),
			namespace: text(resource!['namespace']),
			name: text(resource!['name']),
		}));
}
