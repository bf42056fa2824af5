import {readdir, readFile, stat} from 'node:fs/promises';
import {join, relative} from 'node:path';
import type {KubeObject} from '../kube/resource-type.js';
import {hasChart} from './helm.js';
import {hasKustomization, renderKustomize} from './kustomize.js';
import {MAX_MANIFEST_BYTES, manifestTooLarge, parseManifestText, type ParseResult} from './parse-yaml.js';

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/**
 * Files read ahead of the one being parsed: one at a time, an app of 500 small files waited on 1 000 file-system
 * round trips in a row; a few in flight overlap them, and no more than a few texts are held at once.
 */
const READ_AHEAD = 16;

type ManifestFile = {size: number; text: string | null};

/** Size first: a huge file is refused without holding it in memory. */
async function readManifest(path: string): Promise<ManifestFile> {
	const {size} = await stat(path);
	return {size, text: size > MAX_MANIFEST_BYTES ? null : await readFile(path, 'utf8')};
}

/**
 * Reads every manifest under `dir`, sorted so the result is stable. Hidden entries (.git, .github) are
 * skipped; a nested kustomize directory is built as a unit (as Flux's generated kustomization does) and a
 * nested Helm chart is skipped, since its templates are not manifests.
 */
export async function renderPlain(root: string, searchPath: string | undefined, dir = root): Promise<ParseResult> {
	const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const manifests = entries.filter(entry => !entry.name.startsWith('.') && entry.isFile() && MANIFEST_EXTENSION.test(entry.name));
	const reads = new Map<string, Promise<ManifestFile>>();
	let readsStarted = 0;
	const readUpTo = (count: number) => {
		for (; readsStarted < Math.min(count, manifests.length); readsStarted++) {
			const name = manifests[readsStarted]!.name;
			const read = readManifest(join(dir, name));
			// Awaited in order below; one left unawaited (an earlier file failed) must not surface as unhandled.
			read.catch(() => {});
			reads.set(name, read);
		}
	};
	let manifestIndex = 0;
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
			readUpTo(++manifestIndex + READ_AHEAD);
			const file = await reads.get(entry.name)!;
			reads.delete(entry.name);
			if (file.text === null) return manifestTooLarge(file.size, label);
			result = await parseManifestText(file.text, label);
		}
		if (!result) continue;
		if (!result.ok) return result;
		objects.push(...result.objects);
	}
	return {ok: true, objects};
}
