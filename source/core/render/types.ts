import type {KubeObject} from '../kube/resource-type.js';

export type RendererName = 'plain' | 'kustomize' | 'helm';

export type HelmRenderOptions = {
	releaseName: string;
	namespace: string;
	/** Paths relative to the chart directory (as Argo CD's valueFiles), or absolute. */
	valuesFiles?: string[];
	/** Inline values; they win over valuesFiles. */
	values?: Record<string, unknown>;
};

export type RenderOptions = {
	/** Namespace given to namespaced objects that have none. */
	namespace?: string;
	helm?: HelmRenderOptions;
	/** PATH used to find kubectl and helm; defaults to process.env.PATH. */
	searchPath?: string;
};

type RenderErrorKind = 'yaml' | 'renderer-missing' | 'renderer-failed' | 'empty' | 'too-large';

export type RenderError = {
	kind: RenderErrorKind;
	message: string;
	/** Relative to the rendered directory. */
	file?: string;
	/** 1-based. */
	line?: number;
};

export type RenderResult = {ok: true; objects: KubeObject[]; renderer: RendererName} | {ok: false; error: RenderError};
