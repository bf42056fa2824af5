// Desired state: where an app's manifests come from (plans) and rendering them from Git.
export {argoDesiredPlan, ARGO_FIELD_MANAGER} from './argocd-plan.js';
export {fluxDesiredPlan, FLUX_FIELD_MANAGER} from './flux-plan.js';
export {renderDesired, type RenderDesiredOptions} from './render-desired.js';
export {DesiredRenderCache, type SourceRender} from './render-cache.js';
export {desiredRenderKey} from './render-key.js';
export type {DesiredPlan, DesiredSource, RenderedDesired} from './types.js';
