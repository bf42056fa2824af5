import {Composer, isScalar, LineCounter, Parser, visit, type Document, type Tags} from 'yaml';
import type {KubeObject} from '../kube/resource-type.js';
import {OFF_THREAD_MIN_SIZE, offThread} from '../util/off-thread.js';
import type {RenderError} from './types.js';

export type ParseResult = {ok: true; objects: KubeObject[]} | {ok: false; error: RenderError};

/**
 * The most driftwatch parses in one YAML document. The API server refuses far smaller objects (etcd stores at
 * most about 1.5 MiB), so nothing deployable is lost, and parsing one document (which cannot be split) stays
 * a fraction of a second of work the UI waits on.
 */
const MAX_DOCUMENT_BYTES = 4_000_000;
/** The most driftwatch parses from one file or one renderer's output. */
export const MAX_MANIFEST_BYTES = 64_000_000;

// Kubernetes reads YAML with go-yaml v2 (YAML 1.1: `0644` is octal, `yes` is true) but keeps timestamps and
// sexagesimal-looking values like `12:30` as strings; match it so desired values equal what the server stores.
function kubernetesTags(tags: Tags): Tags {
	return tags.filter(tag => {
		if (typeof tag !== 'object' || tag === null) return true;
		const {tag: name, format} = tag as {tag?: string; format?: string};
		return !name?.endsWith(':timestamp') && format !== 'TIME';
	});
}

/** A YAML parser's message as one line, without the position it appends (the caller names file and line). */
export function yamlProblem(message: string): string {
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

/** '8.0 MB': sizes as people read them (decimal megabytes). */
function megabytes(bytes: number): string {
	return `${Number.isInteger(bytes / 1_000_000) ? bytes / 1_000_000 : (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/**
 * The largest document of a YAML stream, by a scan for its separators: a line starting with `---` or `...`
 * always ends a document (YAML forbids such lines inside any scalar), so no parse is needed to measure.
 */
function largestDocument(text: string): {length: number; start: number} {
	const separator = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
	let largest = {length: 0, start: 0};
	let start = 0;
	for (let match = separator.exec(text); ; match = separator.exec(text)) {
		const end = match ? match.index : text.length;
		if (end - start > largest.length) largest = {length: end - start, start};
		if (!match) return largest;
		start = end;
	}
}

function lineAt(text: string, offset: number): number {
	let line = 1;
	for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
	return line;
}

/**
 * A key repeated in one mapping: what the `yaml` package reports itself with a scan of the mapping's keys
 * so far for every key, quadratic in the keys of a mapping (minutes for a 40 000-key ConfigMap). A set per
 * mapping finds the same keys: scalar keys with equal values (others are only equal to themselves).
 */
function duplicateKeyOffset(document: Document): number | null {
	let found: number | null = null;
	visit(document, {
		Map(_, map) {
			const seen = new Set<unknown>();
			for (const pair of map.items) {
				if (!isScalar(pair.key)) continue;
				if (seen.has(pair.key.value)) {
					found = pair.key.range?.[0] ?? 0;
					return visit.BREAK;
				}
				seen.add(pair.key.value);
			}
			return undefined;
		},
	});
	return found;
}

/** The error for a file (or a renderer's output) of `bytes`, more than MAX_MANIFEST_BYTES. */
export function manifestTooLarge(bytes: number, file: string): ParseResult {
	return {
		ok: false,
		error: {
			kind: 'too-large',
			message: `${megabytes(bytes)}, more than driftwatch renders (${megabytes(MAX_MANIFEST_BYTES)} per file)`,
			file,
		},
	};
}

/**
 * Parses a multi-document YAML (or JSON) text into objects; `file` names it in errors. A document or a text
 * larger than driftwatch parses is an error naming its size; a large text is parsed in the worker thread.
 */
export async function parseManifestText(text: string, file: string): Promise<ParseResult> {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (bytes > MAX_MANIFEST_BYTES) return manifestTooLarge(bytes, file);
	// Measured in characters (what parsing costs); the message gives the document's size in bytes.
	const largest = largestDocument(text);
	if (largest.length > MAX_DOCUMENT_BYTES) {
		const documentBytes = Buffer.byteLength(text.slice(largest.start, largest.start + largest.length), 'utf8');
		const line = lineAt(text, largest.start) + (largest.start > 0 ? 1 : 0);
		return {
			ok: false,
			error: {
				kind: 'too-large',
				message: `a document of ${megabytes(documentBytes)}, more than driftwatch renders (${megabytes(MAX_DOCUMENT_BYTES)} per object)`,
				file,
				line,
			},
		};
	}
	if (text.length < OFF_THREAD_MIN_SIZE) return parseManifestNow(text, file);
	return offThread('parseManifest', {text, file});
}

/** parseManifestText's parse itself, on the calling thread and without size limits. */
export function parseManifestNow(text: string, file: string): ParseResult {
	const lineCounter = new LineCounter();
	const parser = new Parser(lineCounter.addNewLine);
	const composer = new Composer({version: '1.1', customTags: kubernetesTags, uniqueKeys: false});
	const objects: KubeObject[] = [];
	for (const document of composer.compose(parser.parse(text))) {
		const problem = document.errors[0];
		if (problem) {
			const line = problem.linePos?.[0].line ?? lineCounter.linePos(problem.pos[0]).line;
			return {ok: false, error: {kind: 'yaml', message: yamlProblem(problem.message), file, line}};
		}
		const duplicate = duplicateKeyOffset(document);
		if (duplicate !== null)
			return {ok: false, error: {kind: 'yaml', message: 'Map keys must be unique', file, line: lineCounter.linePos(duplicate).line}};
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
