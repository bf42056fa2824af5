import type {CommitInfo} from '../git/types.js';
import type {AppCondition, HealthStatus, OperationPhase} from './model.js';

/** Health of one live resource, computed locally (Argo CD 3.x no longer stores it). */
export type ResourceHealth = {
	status: HealthStatus;
	message: string;
};

/** A resource an app manages (Argo status.resources, Flux status.inventory). */
export type ManagedResource = {
	group: string;
	version: string;
	kind: string;
	namespace: string;
	name: string;
	/** Per-resource sync where the controller reports it ('Synced', 'OutOfSync'…), else ''. */
	sync: string;
	/** Filled in by the detail loader from the live object; null = kind has no health. */
	health: ResourceHealth | null;
};

export type OperationDetail = {
	phase: OperationPhase;
	message: string;
	startedAt: string | null;
	finishedAt: string | null;
	/** Revision the operation syncs to, where known. */
	revision: string;
	initiatedBy: string;
};

export type HistoryEntry = {
	/** Argo history id, or the index for Flux. */
	id: string;
	revision: string;
	deployedAt: string | null;
	/** Flux: status of that attempt / chart version; Argo: source path. */
	note: string;
	/** Git repository of that deployment, when it came from Git (Argo history source). */
	repoUrl?: string;
	/** Subject, author and date of `revision`, filled in from the git layer; null when unknown. */
	commit?: CommitInfo | null;
	/** Who started that sync (Argo CD history initiatedBy: a user, or 'automated sync'), where the controller says. */
	initiatedBy?: string;
};

/** What the detail screen shows beyond the list row. Fetched on demand. */
export type AppDetail = {
	conditions: AppCondition[];
	operation: OperationDetail | null;
	history: HistoryEntry[];
	resources: ManagedResource[];
};
