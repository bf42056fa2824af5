// The vocabulary every provider maps onto. Kept small on purpose: this is what
// the list, `status --json` and later features (drift, actions) share.

/** The name of a registered controller (core/controllers/controllers.ts lists them). */
export type ProviderName = string;

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

/** Argo CD's own operation phase words (status --json contract). */
export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';

export type AppOperation = {
	phase: OperationPhase;
	message: string;
};

export type AppCondition = {
	type: string;
	status: string;
	reason: string;
	message: string;
	lastTransitionTime: string | undefined;
};

/** The object an app takes its desired state from (Flux source, Argo repo). */
export type AppSourceRef = {
	kind: string;
	name: string;
	namespace: string;
	/** Repo URL or chart name, where known. */
	url: string;
	/** Revision the source currently offers (Flux artifact revision, Argo target). */
	revision: string;
	ready: boolean | null;
};

/**
 * One application as the list shows it. Identity is
 * (context, kind, namespace, name): see `appId`.
 */
export type AppSummary = {
	id: string;
	provider: ProviderName;
	kind: string;
	apiVersion: string;
	name: string;
	/** Where the app object lives (a native app, which has none: its configured namespace). */
	namespace: string;
	/**
	 * Namespaces the app deploys into, sorted: its destination (Argo CD spec.destination.namespace; Flux
	 * spec.targetNamespace, a HelmRelease's own namespace without one; a native app's namespace) and those of the
	 * objects it manages (Argo CD status.resources, Flux status.inventory). Empty when none is known.
	 */
	deploysInto: readonly string[];
	context: string;
	sync: SyncStatus;
	health: HealthStatus;
	/** Revision deployed (Argo sync.revision, Flux lastAppliedRevision / chart version). */
	revision: string;
	/** One-line, most useful message (operation, failing condition, health message). */
	message: string;
	/** The last operation (Argo only); null for Flux. */
	operation: AppOperation | null;
	/**
	 * Label shown in the UI where it says more than health/sync alone, as Argo CD's
	 * UI does: 'Syncing', 'Sync failed', 'Sync error', 'Terminating', 'Deleting',
	 * 'Waiting on dependency', 'Suspended'. Empty when nothing to add.
	 */
	stateLabel: string;
	/** Auto-sync on/off (Argo automated policy; Flux is always automatic unless suspended). */
	autoSync: boolean | null;
	/** ISO time of the last sync/apply, or null. */
	lastChange: string | null;
	conditions: AppCondition[];
	source: AppSourceRef | null;
	/** resourceVersion of the app object, so detail views know when to re-fetch. */
	resourceVersion: string;
	/** Flux: the last reconcile request the controller handled (reconcile.fluxcd.io/requestedAt it saw); else absent. */
	lastHandledReconcileAt?: string | null;
};

export function appId(context: string, kind: string, namespace: string, name: string): string {
	return `${context}/${kind}/${namespace}/${name}`;
}

/** Health ordering, worst last, as Argo CD aggregates. */
export const healthSeverity: Record<HealthStatus, number> = {
	Healthy: 0,
	Suspended: 1,
	Progressing: 2,
	Missing: 3,
	Degraded: 4,
	Unknown: 5,
};
