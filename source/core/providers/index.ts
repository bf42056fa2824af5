import {argoCdProvider} from './argocd.js';
import {fluxProvider} from './flux.js';
import type {Provider} from './provider.js';

export {argoCdProvider} from './argocd.js';
export {fluxProvider} from './flux.js';

export const providers: Provider[] = [argoCdProvider, fluxProvider];
