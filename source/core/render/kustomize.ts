import {access} from 'node:fs/promises';
import {join} from 'node:path';
import {parseManifestText, type ParseResult} from './parse-yaml.js';
import {runTool} from './run-tool.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export async function hasKustomization(dir: string): Promise<boolean> {
	for (const name of KUSTOMIZATION_FILES) {
		try {
			await access(join(dir, name));
			return true;
		} catch {
			// try the next spelling
		}
	}
	return false;
}

/** Builds a kustomize directory with `kubectl kustomize` (kustomize is built into kubectl). */
export async function renderKustomize(dir: string, label: string, searchPath: string | undefined): Promise<ParseResult> {
	const outcome = await runTool('kubectl', ['kustomize', dir], {cwd: dir, searchPath});
	if (outcome.kind === 'missing') {
		return {ok: false, error: {kind: 'renderer-missing', message: 'kustomize directory but kubectl is not installed', file: label}};
	}
	if (outcome.kind === 'failed') {
		return {ok: false, error: {kind: 'renderer-failed', message: `kubectl kustomize: ${outcome.message}`, file: label}};
	}
	return await parseManifestText(outcome.stdout, `${label} (kubectl kustomize output)`);
}
