// Which ProviderActions act on which provider's apps.
import {argoCdActions} from './argocd/index.js';
import {fluxActions} from './flux/index.js';
import {nativeActions} from './native/index.js';
import type {ProviderActions} from './provider-actions.js';
import type {ProviderName} from '../apps/model.js';

export function actionProviders(): Record<ProviderName, ProviderActions> {
	return {argocd: argoCdActions, flux: fluxActions, native: nativeActions};
}
