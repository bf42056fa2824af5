// What the actions need to know about an Application, read once from the raw object.
import type {KubeObject} from '../../../kube/resource-type.js';
import {historyId, isAutoSyncEnabled} from '../projection.js';
import {at, list, optionalText, record, text, type JsonRecord} from '../../../util/json.js';

export type ArgoHistoryEntry = {
	id: string;
	revision: string;
	revisions: string[];
	source: JsonRecord | null;
	sources: JsonRecord[];
	deployedAt: string | null;
};

export type ArgoAppFacts = {
	resourceVersion: string;
	deleting: boolean;
	/** argocd.argoproj.io/skip-reconcile: the controller ignores the app entirely. */
	skipReconcile: boolean;
	/** `.operation` is set: requested and not finished. */
	operationRequested: boolean;
	operationPhase: string;
	operationStartedAt: string | null;
	/** status.operationState exists (the sync patch nulls it only then). */
	hasOperationState: boolean;
	autoSync: boolean;
	/** spec.syncPolicy.automated as stored (null when absent). */
	automated: JsonRecord | null;
	syncOptions: string[];
	/** Multi-source app (spec.sources not empty). */
	multiSource: boolean;
	/** The first source (spec.sources[0] or spec.source): what revisions are described against. */
	source: JsonRecord | null;
	repoURL: string;
	targetRevision: string;
	/** status.sync.status: Synced, OutOfSync, Unknown. */
	syncStatus: string;
	/** status.sync.revision(s): what the last comparison resolved, i.e. what the user reviewed. */
	syncRevision: string;
	syncRevisions: string[];
	/** The last comparison was made against another repoURL/targetRevision than spec holds now. */
	comparedToOtherSource: boolean;
	/** Name of the ApplicationSet that generated this app, if any. */
	appSetOwner: string | null;
	project: string;
	controllerNamespace: string;
	/** Oldest first, as stored. */
	history: ArgoHistoryEntry[];
};

export function argoAppFacts(object: KubeObject): ArgoAppFacts {
	const spec = record(object.spec);
	const status = record(object.status);
	const state = at(status, 'operationState');
	const sources = list(spec?.['sources'])
		.map(record)
		.filter(source => source !== null);
	const multiSource = sources.length > 0;
	const first = sources[0] ?? at(spec, 'source');
	const sync = at(status, 'sync');
	const targetRevision = text(first?.['targetRevision']) || 'HEAD';
	return {
		resourceVersion: text(object.metadata?.resourceVersion),
		deleting: optionalText(object.metadata?.deletionTimestamp) !== null,
		skipReconcile: object.metadata?.annotations?.['argocd.argoproj.io/skip-reconcile'] === 'true',
		operationRequested: record(object['operation']) !== null,
		operationPhase: text(state?.['phase']),
		operationStartedAt: optionalText(state?.['startedAt']),
		hasOperationState: state !== null,
		autoSync: isAutoSyncEnabled(spec),
		automated: at(spec, 'syncPolicy', 'automated'),
		syncOptions: list(at(spec, 'syncPolicy')?.['syncOptions'])
			.map(text)
			.filter(option => option !== ''),
		multiSource,
		source: first ?? null,
		repoURL: text(first?.['repoURL']),
		targetRevision,
		syncStatus: text(sync?.['status']),
		syncRevision: text(sync?.['revision']) || text(list(sync?.['revisions'])[0]),
		syncRevisions: list(sync?.['revisions']).map(text),
		comparedToOtherSource: comparedToOther(at(sync, 'comparedTo', 'source'), multiSource, text(first?.['repoURL']), targetRevision),
		appSetOwner: appSetOwner(object),
		project: text(spec?.['project']) || 'default',
		controllerNamespace: text(status?.['controllerNamespace']) || text(object.metadata?.namespace),
		history: list(status?.['history'])
			.map(historyEntry)
			.filter(entry => entry !== null),
	};
}

export const skipReconcileWarning = 'argocd.argoproj.io/skip-reconcile is "true": the controller ignores this app until it is removed';

/** Another operation is requested or running: Argo CD refuses a new one ("another operation is already in progress"). */
export function operationBusy(facts: ArgoAppFacts): boolean {
	return facts.operationRequested || facts.operationPhase === 'Running' || facts.operationPhase === 'Terminating';
}

/** A history entry Argo CD can roll back to: it recorded its source(s) (entries older than v0.12 did not). */
export function hasRollbackSource(entry: ArgoHistoryEntry): boolean {
	return (entry.source !== null && text(entry.source['repoURL']) !== '') || entry.sources.length > 0;
}

function comparedToOther(compared: JsonRecord | null, multiSource: boolean, repoURL: string, targetRevision: string): boolean {
	// Multi-source apps record comparedTo.sources; a single-source comparison without a record is taken as current.
	if (multiSource || compared === null || text(compared['repoURL']) === '') return false;
	return text(compared['repoURL']) !== repoURL || (text(compared['targetRevision']) || 'HEAD') !== targetRevision;
}

function appSetOwner(object: KubeObject): string | null {
	for (const reference of list(object.metadata?.['ownerReferences'])) {
		const owner = record(reference);
		if (text(owner?.['kind']) === 'ApplicationSet') return text(owner?.['name']) || '(unnamed)';
	}
	return null;
}

function historyEntry(value: unknown): ArgoHistoryEntry | null {
	const entry = record(value);
	if (entry === null) return null;
	return {
		id: historyId(entry['id']),
		revision: text(entry['revision']),
		revisions: list(entry['revisions']).map(text),
		source: record(entry['source']),
		sources: list(entry['sources'])
			.map(record)
			.filter(source => source !== null),
		deployedAt: optionalText(entry['deployedAt']),
	};
}
