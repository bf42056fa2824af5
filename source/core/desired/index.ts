// Desired state: where an app's manifests come from (plans) and rendering them from Git.
export {renderDesired, type RenderDesiredOptions} from './render-desired.js';
export {DesiredRenderCache, type SourceRender} from './render-cache.js';
export {desiredRenderKey} from './render-key.js';
export type {DesiredPlan, DesiredSource, RenderedDesired} from './types.js';
