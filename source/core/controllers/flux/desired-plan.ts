// Where a Flux Kustomization's desired state comes from: its
// GitRepository at the revision last applied, built the way kustomize-controller builds spec.path.

import type {ObjectRef} from '../../diff/types.js';
import {normalizeTreePath} from '../../git/types.js';
import type {AppSummary} from '../../apps/model.js';
import {classifyApiError} from '../../kube/api-error.js';
import type {KubeObject} from '../../kube/resource-type.js';
import type {PlanReader} from '../controller.js';
import {at, list, record, text} from '../../util/json.js';
import {gitRepositoryType, kustomizationType, parseInventoryId} from './types.js';
import {kustomizationDeployedRevision, parseRevision} from './revision.js';
import {planError, planOrFailure, unsupported} from '../../desired/plan-problem.js';
import type {DesiredPlan, DesiredSource} from '../../desired/types.js';

const FLUX_FIELD_MANAGER = 'kustomize-controller';

// Kustomization fields that change the build (kustomize-controller writes them into a generated
// kustomization.yaml, or substitutes variables after the build); a plain build would differ.
const BUILD_CHANGING = ['patches', 'images', 'components', 'namePrefix', 'nameSuffix', 'commonMetadata', 'postBuild', 'decryption'];

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && Object.keys(value).length === 0;
}

/** The plan of a Flux app from its full object: a Kustomization's from its GitRepository, read now. */
export async function fluxAppPlan(object: KubeObject, app: AppSummary, reader: PlanReader): Promise<DesiredPlan> {
	if (app.kind !== kustomizationType.kind) return fluxDesiredPlan(object, null);
	const sourceRef = object.spec?.sourceRef as {kind?: string; name?: string; namespace?: string} | undefined;
	if (sourceRef?.kind !== gitRepositoryType.kind || !sourceRef.name) return fluxDesiredPlan(object, null);
	const repoType = reader.typeOf(gitRepositoryType.kind);
	if (!repoType) return {ok: false, reason: 'error', message: 'GitRepository is not served by this cluster'};
	try {
		const repository = await reader.get(repoType, sourceRef.namespace ?? app.namespace, sourceRef.name);
		return fluxDesiredPlan(object, repository);
	} catch (error) {
		return {
			ok: false,
			reason: 'error',
			message: `reading GitRepository ${sourceRef.namespace ?? app.namespace}/${sourceRef.name}: ${classifyApiError(error).message}`,
		};
	}
}

export function fluxDesiredPlan(kustomization: KubeObject, gitRepository: KubeObject | null): DesiredPlan {
	return planOrFailure(() => {
		const namespace = text(kustomization.metadata?.namespace);
		const label = `${kustomization.kind || 'Kustomization'} ${namespace}/${text(kustomization.metadata?.name)}`;
		if (kustomization.kind === 'HelmRelease') {
			throw unsupported(
				`HelmRelease drift is reported by helm-controller (spec.driftDetection) from the release it installed; driftwatch does not render Helm charts for ${label}`,
			);
		}
		if (kustomization.kind !== undefined && kustomization.kind !== 'Kustomization') throw planError(`${label} is not a Flux Kustomization`);
		const spec = record(kustomization.spec);
		if (spec === null) throw planError(`${label} has no spec`);
		const sourceRef = record(spec['sourceRef']);
		if (sourceRef === null || text(sourceRef['name']) === '') throw planError(`${label} has no spec.sourceRef`);
		const sourceKind = text(sourceRef['kind']);
		const sourceName = `${text(sourceRef['namespace']) || namespace}/${text(sourceRef['name'])}`;
		if (sourceKind !== 'GitRepository') {
			throw unsupported(
				`${label} takes its manifests from ${sourceKind || 'a source'} ${sourceName}; driftwatch renders GitRepository sources only`,
			);
		}
		const changing = BUILD_CHANGING.filter(key => !isEmpty(spec[key]));
		if (changing.length > 0) throw unsupported(`${label} sets spec.${changing.join(', spec.')}; driftwatch builds the path without them`);
		if (gitRepository === null) throw planError(`GitRepository ${sourceName} not found`);
		const given = `${text(gitRepository.metadata?.namespace)}/${text(gitRepository.metadata?.name)}`;
		if (given !== sourceName) throw planError(`${label} uses GitRepository ${sourceName}, not ${given}`);
		const source = gitSource(kustomization, gitRepository, sourceName);
		const targetNamespace = text(spec['targetNamespace']);
		const desired: DesiredSource = {
			...source,
			path: normalizeTreePath(text(spec['path'])) || '.',
			namespace: targetNamespace || namespace,
		};
		if (targetNamespace !== '') desired.overrideNamespace = true;
		return {ok: true, sources: [desired], tracked: inventory(kustomization.status), fieldManager: FLUX_FIELD_MANAGER};
	});
}

/** The repository, revision and followed ref: the revision the objects are at (last applied, or attempted when only its health checks failed), else the artifact's, else spec.ref. */
function gitSource(
	kustomization: KubeObject,
	gitRepository: KubeObject,
	sourceName: string,
): Pick<DesiredSource, 'repoUrl' | 'revision' | 'trackedRef'> {
	const repoUrl = text(record(gitRepository.spec)?.['url']);
	if (repoUrl === '') throw planError(`GitRepository ${sourceName} has no spec.url`);
	if (list(record(gitRepository.spec)?.['include']).length > 0) {
		throw unsupported(`GitRepository ${sourceName} includes other repositories (spec.include); driftwatch renders one repository`);
	}
	const ref = at(gitRepository.spec, 'ref');
	const configured = text(ref?.['branch']) || text(ref?.['tag']) || null;
	const status = at(kustomization, 'status');
	const ready = list(status?.['conditions'])
		.map(condition => record(condition))
		.find(condition => text(condition?.['type']) === 'Ready');
	const deployed = kustomizationDeployedRevision(
		text(status?.['lastAppliedRevision']),
		text(status?.['lastAttemptedRevision']),
		ready ? {status: text(ready['status']), reason: text(ready['reason'])} : undefined,
	);
	const applied = deployed || text(at(gitRepository, 'status', 'artifact')?.['revision']);
	if (applied !== '') {
		const parsed = parseRevision(applied);
		if (parsed.hash === '') throw planError(`cannot read the commit of revision ${applied}`);
		// A pinned commit follows nothing: its revision carries no branch.
		const trackedRef = parsed.pointer || (text(ref?.['commit']) === '' ? configured : null);
		return {repoUrl, revision: parsed.hash, trackedRef};
	}
	// Nothing fetched yet: what source-controller would check out (commit > name > semver > tag > branch).
	const commit = text(ref?.['commit']);
	if (commit !== '') return {repoUrl, revision: commit, trackedRef: null};
	const name = text(ref?.['name']);
	if (name !== '') return {repoUrl, revision: name, trackedRef: name};
	if (text(ref?.['semver']) !== '') throw planError(`GitRepository ${sourceName} has no artifact yet, so its semver range is not resolved`);
	const pointer = configured ?? 'master';
	return {repoUrl, revision: pointer, trackedRef: pointer};
}

/** status.inventory: what kustomize-controller applied last. */
function inventory(status: unknown): ObjectRef[] {
	return list(at(status, 'inventory')?.['entries'])
		.map(entry => parseInventoryId(text(record(entry)?.['id'])))
		.filter(entry => entry !== null)
		.map(entry => ({group: entry.group, kind: entry.kind, namespace: entry.namespace, name: entry.name}));
}
