// Which ProviderActions act on which provider's apps.
import {argoCdActions} from './argocd/index.js';
import {fluxActions} from './flux/index.js';
import {nativeActions} from './native/index.js';
import type {ProviderActions} from './provider-actions.js';
import {GIT_APP_PROVIDER, type ProviderName} from '../apps/model.js';

export function actionProviders(): Record<ProviderName, ProviderActions> {
	return {argocd: argoCdActions, flux: fluxActions, [GIT_APP_PROVIDER]: nativeActions};
}
