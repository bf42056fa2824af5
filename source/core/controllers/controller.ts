// What one GitOps controller (Argo CD, Flux, driftwatch's own Git apps) brings: which apps it has and how they
// look, which actions it offers and how it plans them, how drift is computed for its apps, how to tell it has
// answered an action, and where it lives. Each controller is one registration (controllers.ts lists them); the
// monitor, the action service and the UI ask the registration instead of naming controllers.
import type {ProviderActions} from '../actions/provider-actions.js';
import type {ActionKind, ActionParams} from '../actions/types.js';
import type {AppDetail} from '../apps/detail.js';
import type {AppSummary, ProviderName} from '../apps/model.js';
import type {DesiredPlan} from '../desired/types.js';
import type {HealthOverride} from '../health/resource-health.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import type {WatcherTiming} from '../kube/watcher.js';

/** What the watcher keeps of each object: only the fields the provider needs. */
export type Projection = Record<string, unknown>;

export type WatchSpec = {
	type: ResourceType;
	/**
	 * 'app' types hold the apps and follow the namespace scope; 'source' types
	 * (Flux GitRepository…) are read wherever they are, since apps reference
	 * them across namespaces. Default 'app'.
	 */
	role?: 'app' | 'source';
	/** Keep only the fields shown; called on every list item and watch event. */
	project: (object: KubeObject) => Projection;
};

/** Projected objects of one resource type, keyed `namespace/name`. */
export type ProjectionTable = ReadonlyMap<string, Projection>;

/** What a desired-state plan may read besides the app's own object: objects of the controller's served types. */
export type PlanReader = {
	/** The served resource type of one of the controller's kinds (GitRepository…), or undefined. */
	typeOf(kind: string): ResourceType | undefined;
	/** The object, or null when it is not there; any other failure throws. */
	get(type: ResourceType, namespace: string, name: string): Promise<KubeObject | null>;
};

/**
 * A controller's apps as the cluster holds them. Pure: the cluster layer watches what it declares and hands it
 * the projections to map.
 */
export type Provider = {
	name: ProviderName;
	/** Human name: 'Argo CD', 'Flux'. */
	label: string;
	/** The provider is active only when discovery finds this resource type. */
	marker: ResourceType;
	/** Every resource type to watch, the marker's first. */
	watches: WatchSpec[];
	/** Where the controller usually keeps its objects: also listed for a user who may not list cluster-wide. */
	homeNamespace: string;
	/** Map the current projections (by typeKey) to app rows. */
	buildApps: (context: string, tables: ReadonlyMap<string, ProjectionTable>) => AppSummary[];
	/** Detail of one app from its full object (fetched on demand). */
	buildDetail: (object: KubeObject) => AppDetail;
	/** How to compute the app's drift from its full object (and what else it reads through `reader`). */
	desiredPlan: (object: KubeObject, app: AppSummary, reader: PlanReader) => Promise<DesiredPlan>;
};

export type HealthSettingsOptions = {
	kc: KubeConfigLike;
	reloginHint: string;
	timing?: Partial<WatcherTiming>;
	/** false: list only, never watch (a one-shot command reads the present state once). Default true. */
	watch?: boolean;
	/** The checks changed; `affects` says which kinds are now judged by another script, or by none. */
	onChange: (affects: (group: string, kind: string) => boolean) => void;
};

/** Resource health checks the user configured in the controller itself (Argo CD's Lua), followed live. */
export type HealthSettings = {
	/** False until `follow` was told where the controller runs. */
	readonly following: boolean;
	/** The checks in force, for resourceHealth; undefined while there are none. */
	readonly override: HealthOverride | undefined;
	/** Read the settings where the controller runs, as the projections of its apps tell. */
	follow(projections: Iterable<unknown>): void;
	/** True once the settings were read (or found unreadable) and what they say is in force. */
	settled(): boolean;
	stop(): Promise<void>;
};

/** The controller's answer to an action as its rows show it, or null while it has not answered yet. */
type ActionAnswer = {phase: 'succeeded' | 'failed'; message: string} | null;

/** Looks at each fresh row of the app after the request went out; it keeps what tells new state from old. */
export type AnswerWatch = (app: AppSummary) => ActionAnswer;

/** A kind of app and what people type for it. */
export type AppKind = {
	kind: string;
	/** What names it on the command line (lower case): the CRD's names and shortNames, older spellings. */
	aliases: readonly string[];
	/** Words the list's `/` filter also finds its apps by, space-separated (the controller's nicknames…). */
	filterWords: string;
};

/** What the UI says when the user asks for an action the controller does not have but has its own for. */
type ActionInstead = {kind: ActionKind; says: (key: string) => string};

/** One controller, registered once in controllers.ts. */
export type Controller = {
	name: ProviderName;
	/** Human name: 'Argo CD', 'Flux', 'Git apps'. */
	label: string;
	kinds: readonly AppKind[];
	/** How its apps are read from the cluster; null for apps driftwatch reads from its config and compares itself. */
	cluster: Provider | null;
	actions: ProviderActions;
	/**
	 * How to tell the controller has dealt with `action`, sent for the app as `before` shows it: a watch over the
	 * rows that follow, or null when the action is done once its request is (a refresh, an apply driftwatch sends).
	 */
	awaitAnswer: (action: ActionKind, before: AppSummary) => AnswerWatch | null;
	/** Its users' resource health checks, for a controller that has them (Argo CD); the monitor follows them. */
	healthSettings?: (options: HealthSettingsOptions) => HealthSettings;
	/**
	 * Its own CLI's words for `action` on the app (null: the app's main action), for "copy the command"; absent or
	 * null when its CLI has none (driftwatch's own subcommand is copied then).
	 */
	commandLine?: (app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>, action: ActionKind | null, params: ActionParams) => string[] | null;
	/** For an action it does not have (an Argo CD key pressed on a Flux app): its own action that does what was meant. */
	insteadOf?: (wanted: ActionKind, app: AppSummary) => ActionInstead | null;
};

/**
 * The answers every controller shows the same way in its rows: a refresh is done with its request, suspend and
 * resume flip the suspend flag (autoSync), and anything else is done once the request went through.
 */
export function rowFlagAnswer(action: ActionKind): AnswerWatch | null {
	if (action === 'refresh' || action === 'hard-refresh') return null;
	if (action === 'suspend') return app => (app.autoSync === false ? {phase: 'succeeded', message: 'suspended'} : null);
	if (action === 'resume' || action === 'enable-auto-sync') {
		const message = action === 'resume' ? 'resumed' : 'auto-sync on';
		return app => (app.autoSync === true ? {phase: 'succeeded', message} : null);
	}
	return () => ({phase: 'succeeded', message: 'done'});
}
