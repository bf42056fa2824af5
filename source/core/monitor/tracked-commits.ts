// The commits on the path an app tracks: where its desired state comes from (the controller's plan, or a Git
// app's config), logged on the branch it follows.
import type {AppSummary} from '../apps/model.js';
import type {GitRepos} from '../git/git-repos.js';
import type {CommitInfo} from '../git/types.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {ActiveProvider} from './active-types.js';
import {controllerPlan} from './controller-plan.js';
import type {NativeAppConfig} from '../native/config-types.js';

/** Commits shown per app: about a day of a busy repository. */
const commitLimit = 30;

export async function trackedCommits(options: {
	kc: KubeConfigLike;
	active: readonly ActiveProvider[];
	app: AppSummary;
	git: GitRepos;
	nativeApps: readonly NativeAppConfig[];
	signal: AbortSignal;
}): Promise<CommitInfo[]> {
	const {app, git} = options;
	const native = options.nativeApps.find(config => config.name === app.name && config.namespace === app.namespace);
	if (app.provider === 'git' && native) return git.log(native.repo, native.branch, native.path, commitLimit);
	const plan = await controllerPlan(options.kc, options.active, app, options.signal);
	if (!plan.ok) {
		// A Helm chart from a repository, OCI…: no Git path to log; that is no problem worth a line.
		if (plan.reason === 'unsupported') return [];
		throw new Error(plan.message);
	}
	const source = plan.sources[0];
	if (!source) return [];
	return git.log(source.repoUrl, source.trackedRef ?? source.revision, source.path, commitLimit);
}
