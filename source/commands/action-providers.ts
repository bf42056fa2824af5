// Which ProviderActions act on which provider's apps.
import {argoCdActions} from '../core/actions/argocd/index.js';
import {fluxActions} from '../core/actions/flux/index.js';
import {nativeActions} from '../core/actions/native/index.js';
import type {ProviderActions} from '../core/actions/provider-actions.js';
import type {ProviderName} from '../core/apps/model.js';

export function actionProviders(): Record<ProviderName, ProviderActions> {
	return {argocd: argoCdActions, flux: fluxActions, native: nativeActions};
}
