import {stat} from 'node:fs/promises';
import {defaultNamespace} from './cluster-scoped.js';
import {hasChart, renderHelm} from './helm.js';
import {hasKustomization, renderKustomize} from './kustomize.js';
import type {ParseResult} from './parse-yaml.js';
import {renderPlain} from './plain.js';
import type {RendererName, RenderOptions, RenderResult} from './types.js';
import {errorText} from '../util/error-text.js';

/** Renders the desired state of a checked-out directory: kustomize, Helm chart or plain manifests. */
export async function renderManifests(dir: string, options: RenderOptions = {}): Promise<RenderResult> {
	try {
		if (!(await stat(dir)).isDirectory()) return {ok: false, error: {kind: 'empty', message: `${dir} is not a directory`}};
	} catch {
		return {ok: false, error: {kind: 'empty', message: `path ${dir} does not exist`}};
	}
	let renderer: RendererName = 'plain';
	let result: ParseResult;
	try {
		if (await hasKustomization(dir)) {
			renderer = 'kustomize';
			result = await renderKustomize(dir, '.', options.searchPath);
		} else if (await hasChart(dir)) {
			renderer = 'helm';
			result = await renderHelm(dir, options.helm, options.namespace, options.searchPath);
		} else {
			result = await renderPlain(dir, options.searchPath);
		}
	} catch (error) {
		// Unreadable files or directories: the app shows this instead of crashing the monitor.
		return {ok: false, error: {kind: 'renderer-failed', message: errorText(error, {multiline: true})}};
	}
	if (!result.ok) return result;
	if (result.objects.length === 0) {
		return {ok: false, error: {kind: 'empty', message: `no Kubernetes objects found (${renderer} rendering)`}};
	}
	const namespace = renderer === 'helm' ? (options.helm?.namespace ?? options.namespace) : options.namespace;
	return {ok: true, objects: defaultNamespace(result.objects, namespace), renderer};
}
