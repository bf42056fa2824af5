import {access} from 'node:fs/promises';
import {basename, join, resolve} from 'node:path';
import {stringify} from 'yaml';
import {parseManifestText, type ParseResult} from './parse-yaml.js';
import {runTool} from './run-tool.js';
import type {HelmRenderOptions} from './types.js';

export async function hasChart(dir: string): Promise<boolean> {
	try {
		await access(join(dir, 'Chart.yaml'));
		return true;
	} catch {
		return false;
	}
}

/** Arguments for `helm template`; inline values go through stdin (`--values -`) so they win over files. */
export function helmTemplateArgs(dir: string, helm: HelmRenderOptions): string[] {
	const args = ['template', helm.releaseName, dir, '--namespace', helm.namespace, '--include-crds'];
	for (const file of helm.valuesFiles ?? []) args.push('--values', resolve(dir, file));
	if (helm.values && Object.keys(helm.values).length > 0) args.push('--values', '-');
	return args;
}

export async function renderHelm(
	dir: string,
	helm: HelmRenderOptions | undefined,
	namespace: string | undefined,
	searchPath: string | undefined,
): Promise<ParseResult> {
	// Without explicit options the chart directory names the release, as a bare `helm template` user would.
	const options = helm ?? {releaseName: basename(resolve(dir)), namespace: namespace ?? 'default'};
	const stdin = options.values && Object.keys(options.values).length > 0 ? stringify(options.values) : undefined;
	const outcome = await runTool('helm', helmTemplateArgs(dir, options), {cwd: dir, searchPath, stdin});
	if (outcome.kind === 'missing') {
		return {ok: false, error: {kind: 'renderer-missing', message: 'Helm chart but helm is not installed'}};
	}
	if (outcome.kind === 'failed') {
		return {ok: false, error: {kind: 'renderer-failed', message: `helm template: ${outcome.message}`}};
	}
	return await parseManifestText(outcome.stdout, 'helm template output');
}
