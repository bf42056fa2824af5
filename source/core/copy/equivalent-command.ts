// "Copy the command": the kubectl, argocd or flux command line that shows or does what the user has selected in
// driftwatch, so it can be pasted into a runbook, a ticket or another shell. One function for every kind of
// selection (an app and an action on it, a resource, a pod's logs); each names what it is about, and every word
// that comes from the cluster is shell-quoted.
import type {ActionKind, ActionParams} from '../actions/types.js';
import type {AppSummary} from '../apps/model.js';
import {controllerOf} from '../controllers/controllers.js';
import {shellLine} from '../util/shell-quote.js';

/** A Kubernetes object: kind with its API group ('' for the core group), namespace (null: cluster-scoped) and name. */
export type ResourceRef = {group: string; kind: string; namespace: string | null; name: string};

export type CommandTarget =
	/** The app, and the action on it (none: the app's main action — sync, or reconcile for Flux). */
	| {type: 'app'; app: Pick<AppSummary, 'provider' | 'kind' | 'namespace' | 'name'>; action?: ActionKind | null; params?: ActionParams}
	/** A resource: `kubectl get` it (or describe it). */
	| {type: 'resource'; resource: ResourceRef; verb?: 'get' | 'describe'}
	/** A container's logs. */
	| {type: 'logs'; namespace: string; pod: string; container?: string | null; previous?: boolean; follow?: boolean; tail?: number | null};

/** What kubectl users type for the kinds they type most; any other kind is written kind.group. */
const kubectlShortNames: Readonly<Record<string, string>> = {
	'apps/Deployment': 'deploy',
	'apps/StatefulSet': 'sts',
	'apps/DaemonSet': 'ds',
	'apps/ReplicaSet': 'rs',
	'/Pod': 'pod',
	'/Service': 'svc',
	'/ConfigMap': 'cm',
	'/Secret': 'secret',
	'/PersistentVolumeClaim': 'pvc',
	'/ServiceAccount': 'sa',
	'/Namespace': 'ns',
	'batch/Job': 'job',
	'batch/CronJob': 'cronjob',
	'networking.k8s.io/Ingress': 'ing',
};

/** How kubectl names the resource type: `deploy`, `pod`, `kustomization.kustomize.toolkit.fluxcd.io`. */
export function kubectlType(group: string, kind: string): string {
	return kubectlShortNames[`${group}/${kind}`] ?? (group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`);
}

/** driftwatch's own subcommand and flags for an action (its CLI has them all); null for one it has no subcommand for. */
function driftwatchWords(app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>, action: ActionKind, params: ActionParams): string[] | null {
	const ref = `${app.kind}/${app.namespace}/${app.name}`;
	const prune = params.prune === undefined ? [] : [params.prune ? '--prune' : '--no-prune'];
	switch (action) {
		case 'sync':
			return ['driftwatch', 'sync', ref, ...prune];
		case 'refresh':
			return ['driftwatch', 'refresh', ref];
		case 'hard-refresh':
			return ['driftwatch', 'refresh', ref, '--hard'];
		case 'rollback':
			return ['driftwatch', 'rollback', ref, ...(params.to ? ['--to', params.to] : []), ...prune];
		case 'terminate':
		case 'reconcile':
		case 'suspend':
		case 'resume':
			return ['driftwatch', action, ref];
		default:
			return null;
	}
}

function appWords(target: Extract<CommandTarget, {type: 'app'}>): string[] | null {
	const {app} = target;
	const action = target.action ?? null;
	const params = target.params ?? {};
	const controller = controllerOf(app.provider);
	const own = controller?.commandLine?.(app, action, params) ?? null;
	if (own !== null) return own;
	// Git apps and actions a controller's CLI lacks (a Flux rollback is a revert in Git): driftwatch's own subcommand.
	return driftwatchWords(app, action ?? 'sync', params);
}

/** The command line for the target, or null when there is none (an action no CLI has). */
export function equivalentCommand(target: CommandTarget): string | null {
	switch (target.type) {
		case 'app': {
			const words = appWords(target);
			return words === null ? null : shellLine(words);
		}
		case 'resource': {
			const {resource} = target;
			const namespace = resource.namespace === null ? [] : ['-n', resource.namespace];
			return shellLine(['kubectl', ...namespace, target.verb ?? 'get', kubectlType(resource.group, resource.kind), resource.name]);
		}
		case 'logs':
			return shellLine([
				'kubectl',
				'-n',
				target.namespace,
				'logs',
				`pod/${target.pod}`,
				...(target.container ? ['-c', target.container] : []),
				...(target.previous ? ['--previous'] : []),
				...(target.tail !== undefined && target.tail !== null ? [`--tail=${target.tail}`] : []),
				...(target.follow ? ['-f'] : []),
			]);
	}
}
