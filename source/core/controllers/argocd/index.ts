// Argo CD, registered once: its Applications, its actions, and how its operation answers them.
import type {ActionKind} from '../../actions/types.js';
import type {AppSummary} from '../../apps/model.js';
import {rowFlagAnswer, type AnswerWatch, type Controller} from '../controller.js';
import {argoCdActions} from './actions/index.js';
import {argoCommandLine} from './command-line.js';
import {argoCdProvider} from './apps.js';
import {ArgoHealthSettings} from './health-settings.js';

/** Actions Argo CD answers with an operation (status.operationState): followed until it ends. */
const operationActions: ReadonlySet<ActionKind> = new Set(['sync', 'rollback', 'terminate']);

/**
 * An operation's answer: Running (or Terminating, or the row's Syncing) first, then Succeeded/Failed/Error. The
 * operation the row showed before the request does not count, unless the last-change time moved (a new operation
 * that ran and ended between two looks).
 */
function operationAnswer(action: ActionKind, before: AppSummary): AnswerWatch {
	let sawRunning = false;
	return app => {
		const phase = app.operation?.phase;
		if (phase === 'Running' || phase === 'Terminating' || app.stateLabel === 'Syncing') {
			sawRunning = true;
			return null;
		}
		if (!phase || (!sawRunning && app.lastChange === before.lastChange)) return null;
		if (phase === 'Succeeded') return {phase: 'succeeded', message: app.operation?.message || 'done'};
		if (action === 'terminate') return {phase: 'succeeded', message: app.operation?.message || 'operation terminated'};
		return {phase: 'failed', message: app.operation?.message || phase};
	};
}

export const argoCd: Controller = {
	name: argoCdProvider.name,
	label: argoCdProvider.label,
	kinds: [{kind: 'Application', aliases: ['application', 'applications', 'app', 'apps'], filterWords: 'application app argocd argo'}],
	cluster: argoCdProvider,
	actions: argoCdActions,
	awaitAnswer: (action, before) => (operationActions.has(action) ? operationAnswer(action, before) : rowFlagAnswer(action)),
	commandLine: argoCommandLine,
	// The Lua health checks in argocd-cm: drift judges health as the user's Argo CD does.
	healthSettings: options => new ArgoHealthSettings(options),
};
