import type {ObjectRef} from '../diff/types.js';
import type {KubeObject} from '../kube/resource-type.js';
import type {HelmRenderOptions} from '../render/types.js';

/** One place desired state is rendered from: (repository, revision, path) and how to render it. */
export type DesiredSource = {
	repoUrl: string;
	/** What to render: a full SHA where the controller recorded one, else a branch/tag/'HEAD'. */
	revision: string;
	/** The branch/tag the app follows, for "HEAD is N commits ahead"; null when it pins a commit. */
	trackedRef: string | null;
	/**
	 * The commit the controller last deployed from this source, set only where it is not `revision` and the app
	 * is OutOfSync: Argo CD compares with the commit it last resolved the branch to (a refresh or its periodic
	 * comparison moves that to the tip) while the deployed one stays until a sync; "N commits ahead of deployed"
	 * counts from this. (A Synced app's newer commits changed nothing it deploys: it is at the tip in effect.)
	 */
	deployedRevision?: string;
	/** Repository-relative directory ('.' for the root). */
	path: string;
	/** Namespace given to namespaced objects that have none (Argo destination, Flux targetNamespace, native). */
	namespace: string;
	/**
	 * `namespace` replaces the namespace of every namespaced object, not only those without one (Flux
	 * spec.targetNamespace, which sets kustomize's namespace field).
	 */
	overrideNamespace?: boolean;
	/**
	 * false: a plain directory contributes only its own files, not its subdirectories (Argo CD's directory source
	 * without directory.recurse). Unset or true: nested directories too (Flux, Argo with recurse).
	 */
	recurse?: boolean;
	helm?: HelmRenderOptions;
};

/**
 * How to compute one app's drift: where its desired state comes from, what it tracks live, and the field
 * manager its controller applies with (the dry run applies as it, so ownership matches).
 */
export type DesiredPlan =
	| {
			ok: true;
			sources: DesiredSource[];
			/** Objects the app tracks live (Argo status.resources, Flux inventory); native apps list theirs by label. */
			tracked: ObjectRef[];
			fieldManager: string;
			instanceLabelKey?: string;
			/**
			 * Sync hooks (argocd.argoproj.io/hook, helm.sh/hook) are run by a sync, not compared, and objects marked
			 * hook Skip are never applied: Argo CD leaves both out of its comparison, so a hook deleted after it
			 * succeeded is no drift.
			 */
			excludesHooks?: boolean;
	  }
	| {ok: false; reason: 'unsupported' | 'error'; message: string};

export type RenderedDesired =
	| {ok: true; objects: KubeObject[]}
	/** One line: names the source, and the file and line for bad YAML. */
	| {ok: false; message: string};
