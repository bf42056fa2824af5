// Flux, registered once: its Kustomizations and HelmReleases, its actions, and how it answers a reconcile request.
import {actionLabels, type ActionKind} from '../../actions/types.js';
import type {AppSummary} from '../../apps/model.js';
import {rowFlagAnswer, type AnswerWatch, type Controller} from '../controller.js';
import {fluxActions} from './actions/index.js';
import {fluxCommandLine} from './command-line.js';
import {fluxProvider} from './apps.js';

/**
 * A reconcile request is handled once the app's status.lastHandledReconcileAt moved past what the row showed
 * before the request; then the app's Ready condition (the row's health) says how it went.
 */
function reconcileAnswer(before: AppSummary): AnswerWatch {
	const baseline = before.lastHandledReconcileAt ?? null;
	let handled = false;
	return app => {
		if (!handled && (app.lastHandledReconcileAt ?? null) === baseline) return null;
		handled = true;
		if (app.health === 'Progressing') return null;
		return app.health === 'Healthy' || app.health === 'Suspended'
			? {phase: 'succeeded', message: app.message || 'reconciled'}
			: {phase: 'failed', message: app.message || app.health};
	};
}

/** Argo CD's sync and hard refresh: on a Flux app, what the user wants is a reconcile (source first). */
const reconcileStandsFor: ReadonlySet<ActionKind> = new Set(['sync', 'hard-refresh']);

export const flux: Controller = {
	name: fluxProvider.name,
	label: fluxProvider.label,
	kinds: [
		{kind: 'Kustomization', aliases: ['kustomization', 'kustomizations', 'ks'], filterWords: 'kustomization ks flux'},
		{kind: 'HelmRelease', aliases: ['helmrelease', 'helmreleases', 'hr'], filterWords: 'helmrelease hr helm flux'},
	],
	cluster: fluxProvider,
	actions: fluxActions,
	awaitAnswer: (action, before) => (action === 'reconcile' ? reconcileAnswer(before) : rowFlagAnswer(action)),
	commandLine: fluxCommandLine,
	insteadOf: (wanted, app) =>
		reconcileStandsFor.has(wanted)
			? {
					kind: 'reconcile',
					says: key => `Flux has no ${actionLabels[wanted].toLowerCase()}: ${key} reconciles ${app.name} (source first)`,
				}
			: null,
};
