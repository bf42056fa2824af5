// How a provider (Argo CD, Flux, native) plans and performs actions. The ActionService picks the provider by
// app.provider, refuses in readonly contexts, and writes the audit log around `execute`.
import type {AppSummary} from '../apps/model.js';
import type {DriftReport, DriftReaders} from '../drift/types.js';
import type {RequestOptions} from '../kube/http.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import type {NativeAppConfig} from '../native/config-types.js';
import type {PlannedWrite} from './access-check.js';
import type {ActionKind, ActionOutcome, ActionRequest, PlanContent} from './types.js';

/**
 * The only way action code sends a request that changes anything. In a readonly context it throws before any
 * byte is sent; everything it sends is recorded for the audit line.
 */
export type Mutator = {
	request<T>(path: string, options: RequestOptions & {method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'}): Promise<T>;
};

export type ActionContext = DriftReaders & {
	/** The row the user acted on. */
	app: AppSummary;
	/** The app's resource type (Argo Application, Flux Kustomization…); null for native apps. */
	type: ResourceType | null;
	/** Resource types of the active providers, by kind (Flux needs GitRepository to reconcile its source). */
	typeOf: (kind: string) => ResourceType | undefined;
	/** Name of the kube context acted on. */
	kubeContext: string;
	/** The apps of the driftwatch config: a controller that deploys from it (Git apps) finds its app there. */
	configApps: readonly NativeAppConfig[];
	/** Who acts (kube user of the context): initiatedBy, suspendedBy, audit. */
	user: string;
	mutate: Mutator;
	signal?: AbortSignal;
};

/** What a provider prepared: the confirmation's content, and the action itself, bound to what was reviewed. */
export type PreparedAction = PlanContent & {
	/**
	 * What it would change in the cluster (the confirmation's `d`), or why that cannot be shown. Required, so every
	 * action either has its diff or says why not.
	 */
	diff: ActionPlanDiff | NoPlanDiff;
	/**
	 * Every write `execute` can make to the cluster: unless the plan is refused, the ActionService asks the server
	 * whether the identity may make them all, before the confirmation and again before the first one.
	 */
	writes: PlannedWrite[];
	/**
	 * Sends the requests. Guards against the app having changed since it was reviewed (resourceVersion test):
	 * then it fails with a message saying so, and nothing is half-applied.
	 */
	execute: () => Promise<ActionOutcome>;
};

/** Computes the diff; `about` says what it stands for when that is not plain (the revision a controller would deploy…). */
export type ActionPlanDiff = (() => Promise<DriftReport | null>) & {about?: string};

/** Why an action has no diff: one line the confirmation shows. */
export type NoPlanDiff = {unavailable: string};

export function isPlanDiff(diff: ActionPlanDiff | NoPlanDiff): diff is ActionPlanDiff {
	return typeof diff === 'function';
}

/** What a refused or still-choosing plan says when asked for its diff. */
const noDiffWhileRefused: NoPlanDiff = {unavailable: 'nothing will run, so nothing would change'};
export const noDiffBeforeChoice: NoPlanDiff = {unavailable: 'pick a target first: the diff is of the one you pick'};

/** A prepared action that cannot run: the confirmation shows why, and execute sends nothing. */
export function refusedAction(title: string, refusal: string, warnings: string[] = []): PreparedAction {
	return {
		title,
		effects: [],
		warnings,
		refusal,
		writes: [],
		diff: noDiffWhileRefused,
		execute: async () => ({ok: false, message: refusal}),
	};
}

export type ProviderActions = {
	/** Actions this provider offers for this app (e.g. rollback only with history, terminate only while running). */
	available(app: AppSummary, object: KubeObject | null): ActionKind[];
	/** Reads what it needs (fresh app object…) and prepares; never sends a mutating request. */
	prepare(context: ActionContext, request: ActionRequest): Promise<PreparedAction>;
};

/** Thrown by the Mutator of a read-only session before anything is sent. */
export class ReadonlyError extends Error {
	override name = 'ReadonlyError';
}
