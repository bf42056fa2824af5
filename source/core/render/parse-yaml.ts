import {LineCounter, parseAllDocuments, type Tags} from 'yaml';
import type {KubeObject} from '../kube/resource-type.js';
import type {RenderError} from './types.js';

export type ParseResult = {ok: true; objects: KubeObject[]} | {ok: false; error: RenderError};

// Kubernetes reads YAML with go-yaml v2 (YAML 1.1: `0644` is octal, `yes` is true) but keeps timestamps and
// sexagesimal-looking values like `12:30` as strings; match it so desired values equal what the server stores.
function kubernetesTags(tags: Tags): Tags {
	return tags.filter((tag) => {
		if (typeof tag !== 'object' || tag === null) return true;
		const {tag: name, format} = tag as {tag?: string; format?: string};
		return !name?.endsWith(':timestamp') && format !== 'TIME';
	});
}

function shortMessage(message: string): string {
	const first = message.split('\n')[0] ?? message;
	return first.replace(/ at line \d+, column \d+:?$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `v1/List`, `ConfigMapList`… are wrappers: kubectl applies their items. */
function unwrapLists(value: Record<string, unknown>): KubeObject[] {
	if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
		return value.items.filter(isRecord).flatMap(unwrapLists);
	}
	return [value as KubeObject];
}

/** Parses a multi-document YAML (or JSON) text into objects; `file` names it in errors. */
export function parseManifestText(text: string, file: string): ParseResult {
	const lineCounter = new LineCounter();
	const documents = parseAllDocuments(text, {version: '1.1', customTags: kubernetesTags, lineCounter});
	const objects: KubeObject[] = [];
	for (const document of documents) {
		const problem = document.errors[0];
		if (problem) {
			const line = problem.linePos?.[0].line ?? lineCounter.linePos(problem.pos[0]).line;
			return {ok: false, error: {kind: 'yaml', message: shortMessage(problem.message), file, line}};
		}
		const value: unknown = document.toJS({maxAliasCount: 1000});
		if (value === null || value === undefined) continue;
		const line = lineCounter.linePos(document.contents?.range[0] ?? document.range[0]).line;
		if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
			return {ok: false, error: {kind: 'yaml', message: 'document is not a Kubernetes object (needs apiVersion and kind)', file, line}};
		}
		objects.push(...unwrapLists(value));
	}
	return {ok: true, objects};
}
