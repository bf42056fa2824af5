import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {DiffChange, ObjectRef, ResourceDiff} from '../diff/types.js';
import type {Discovery} from '../kube/discovery.js';
import type {DesiredSource, RenderedDesired} from '../desired/types.js';
import type {GitRepos} from '../git/git-repos.js';
import type {KubeObject} from '../kube/resource-type.js';
import type {DriftCache, LiveSignature} from './drift-cache.js';

export type DriftStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/**
 * One object's drift. `change` says what a sync would do: 'added' (in Git, missing live), 'removed' (tracked
 * live, gone from Git: would be pruned), 'modified', 'unchanged'. When `error` is set and `diff` is null the
 * object could not be compared and `change` is 'unchanged' only as a placeholder: show the error.
 */
export type DriftResource = {
	ref: ObjectRef;
	change: DiffChange;
	diff: ResourceDiff | null;
	error: string | null;
};

export type DriftReport = {
	/** OutOfSync when any object drifted; otherwise Unknown when any object could not be compared; else Synced. */
	status: DriftStatus;
	/** Desired objects in Git order, then the ones that would be pruned. */
	resources: DriftResource[];
	/** Every problem, one line each, naming the object ('Kind/namespace/name: message'). Never holds Secret values. */
	errors: string[];
	/** Things worth saying that do not make the result uncertain (an object defined twice in Git…). */
	warnings: string[];
};

export type DriftInput = {
	kc: KubeConfigLike;
	discovery: Discovery;
	/** The rendered desired state. */
	desired: KubeObject[];
	/** What the app tracks live (tracking label/annotation, Flux inventory…); those not desired would be pruned. */
	tracked: ObjectRef[];
	/** The field manager the app applies with (the dry run applies as it). */
	fieldManager: string;
	signal?: AbortSignal;
	/** Requests in flight at once; 6 unless told. */
	concurrency?: number;
	/** Argo CD's application.instanceLabelKey, when not the default. */
	instanceLabelKey?: string;
	/** Unchanged lines around each change in the diffs. */
	context?: number;
	/**
	 * Results of earlier passes (a follower keeps one per app): an object whose rendered form and live signature
	 * are those of a cached result is not asked about again. Used only together with `liveSignature`.
	 */
	cache?: DriftCache;
	/** The live object's signature as the shared watches know it (see LiveSignature). */
	liveSignature?: (ref: ObjectRef) => LiveSignature;
	/**
	 * A label selector most desired objects' live counterparts carry (a native app's tracking label): scopes with
	 * several objects are then read with one list instead of a GET each.
	 */
	liveSelector?: string;
	/** Called as each object's comparison ends (deadlines that follow progress). */
	onProgress?: () => void;
};

/** What reads an app's desired state from Git and compares it with the cluster: one set per session. */
export type DriftReaders = {
	kc: KubeConfigLike;
	discovery: Discovery;
	git: GitRepos;
	/** Renders desired sources (cached per session). */
	render: (sources: readonly DesiredSource[], signal: AbortSignal) => Promise<RenderedDesired>;
};
