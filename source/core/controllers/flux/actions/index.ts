// Flux actions: reconcile (with source), suspend/resume for Kustomizations and HelmReleases; rollback of a
// Kustomization by git revert + push.
import type {AppSummary} from '../../../apps/model.js';
import type {KubeObject} from '../../../kube/resource-type.js';
import {parseRevision} from '../revision.js';
import {gitRepositoryType, kustomizationType} from '../types.js';
import {at, list, record, text} from '../../../util/json.js';
import {type ProviderActions, refusedAction} from '../../../actions/provider-actions.js';
import type {ActionKind} from '../../../actions/types.js';
import {prepareReconcile} from './reconcile.js';
import {prepareRollback} from './rollback.js';
import {prepareSuspendOrResume} from './suspend.js';

type FluxActionsOptions = {
	/** How long a rollback waits for another driftwatch process using the same work tree; default 5 s. */
	lockWaitMs?: number;
};

/** The newest revision Flux recorded: history[0] (Flux ≥ 2.7) or lastAppliedRevision. */
function recordedRevision(app: AppSummary, object: KubeObject | null): string {
	const newest = record(list(record(object?.status)?.['history'])[0]);
	return text(at(newest, 'metadata')?.['revision']) || text(record(object?.status)?.['lastAppliedRevision']) || app.revision;
}

function offered(app: AppSummary, object: KubeObject | null): ActionKind[] {
	if (app.provider !== 'flux' || object?.metadata?.deletionTimestamp) return [];
	const suspended = object ? object.spec?.suspend === true : app.autoSync === false;
	const kinds: ActionKind[] = suspended ? ['resume'] : ['reconcile', 'suspend'];
	// A commit-only revision (`sha1:…`) means the source is pinned to a commit: no branch to revert on.
	const revision = recordedRevision(app, object);
	const onBranch = revision !== '' && parseRevision(revision).pointer !== '';
	if (app.kind === kustomizationType.kind && app.source?.kind === gitRepositoryType.kind && onBranch) kinds.push('rollback');
	return kinds;
}

export function createFluxActions(options: FluxActionsOptions = {}): ProviderActions {
	// Git runs under the session's setup (context.git.setup): the user's own, or the demo's.
	const settings = options.lockWaitMs === undefined ? {} : {lockWaitMs: options.lockWaitMs};
	return {
		available: offered,
		async prepare(context, request) {
			switch (request.kind) {
				case 'reconcile':
					return prepareReconcile(context, request);
				case 'suspend':
				case 'resume':
					return prepareSuspendOrResume(context, request);
				case 'rollback':
					return prepareRollback(context, request, settings);
				default:
					return refusedAction(
						`${request.kind} ${context.app.kind} ${context.app.namespace}/${context.app.name}`,
						`Flux has no ${request.kind} action`,
					);
			}
		},
	};
}

export const fluxActions: ProviderActions = createFluxActions();
