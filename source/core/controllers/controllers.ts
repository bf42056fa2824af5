// Every controller driftwatch knows, one registration each. Adding a controller is adding its folder and a line
// here; nothing else names controllers.
import type {ProviderActions} from '../actions/provider-actions.js';
import type {ActionKind} from '../actions/types.js';
import type {AppSummary, ProviderName} from '../apps/model.js';
import {argoCd} from './argocd/index.js';
import {rowFlagAnswer, type AnswerWatch, type AppKind, type Controller, type Provider} from './controller.js';
import {flux} from './flux/index.js';
import {gitApps} from './git/index.js';

export const controllers: readonly Controller[] = [argoCd, flux, gitApps];

/** What the cluster layer watches: the controllers whose apps live in the cluster. */
export const providers: Provider[] = controllers.flatMap(controller => (controller.cluster ? [controller.cluster] : []));

export function controllerOf(name: ProviderName): Controller | undefined {
	return controllers.find(controller => controller.name === name);
}

/** Each controller's actions by its name, for the ActionService. */
export function controllerActions(): Record<ProviderName, ProviderActions> {
	return Object.fromEntries(controllers.map(controller => [controller.name, controller.actions]));
}

/** How to tell the app's controller answered `action`; an unknown controller answers in the row flags, as all do. */
export function awaitAnswer(action: ActionKind, before: AppSummary): AnswerWatch | null {
	const controller = controllerOf(before.provider);
	return controller ? controller.awaitAnswer(action, before) : rowFlagAnswer(action);
}

/** The app comes from the cluster (its controller's objects), not from the driftwatch config. */
export function readFromCluster(app: Pick<AppSummary, 'provider'>): boolean {
	return controllerOf(app.provider)?.cluster !== null;
}

/** Every kind of app any controller has, with what people type for it. */
export function appKinds(): readonly AppKind[] {
	return controllers.flatMap(controller => controller.kinds);
}
