import {readdir, readFile, stat} from 'node:fs/promises';
import {join, relative} from 'node:path';
import type {KubeObject} from '../kube/resource-type.js';
import {hasChart} from './helm.js';
import {hasKustomization, renderKustomize} from './kustomize.js';
import {MAX_MANIFEST_BYTES, manifestTooLarge, parseManifestText, type ParseResult} from './parse-yaml.js';

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/**
 * Reads every manifest under `dir`, sorted so the result is stable. Hidden entries (.git, .github) are
 * skipped; a nested kustomize directory is built as a unit (as Flux's generated kustomization does) and a
 * nested Helm chart is skipped, since its templates are not manifests.
 */
export async function renderPlain(root: string, searchPath: string | undefined, dir = root): Promise<ParseResult> {
	const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const objects: KubeObject[] = [];
	for (const entry of entries) {
		if (entry.name.startsWith('.')) continue;
		const path = join(dir, entry.name);
		const label = relative(root, path);
		let result: ParseResult | null = null;
		if (entry.isDirectory()) {
			if (await hasKustomization(path)) result = await renderKustomize(path, label, searchPath);
			else if (await hasChart(path)) continue;
			else result = await renderPlain(root, searchPath, path);
		} else if (entry.isFile() && MANIFEST_EXTENSION.test(entry.name)) {
			// Measured before reading: a huge file is refused without holding it in memory.
			const {size} = await stat(path);
			if (size > MAX_MANIFEST_BYTES) return manifestTooLarge(size, label);
			result = await parseManifestText(await readFile(path, 'utf8'), label);
		}
		if (!result) continue;
		if (!result.ok) return result;
		objects.push(...result.objects);
	}
	return {ok: true, objects};
}
