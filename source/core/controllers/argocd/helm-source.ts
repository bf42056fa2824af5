// spec.source.helm of an Argo CD Application as `helm template` options. Argo CD renders a chart with
// `--values` for each valueFile, then the inline values, then `--set` for each parameter.

import {posix} from 'node:path';
import {parse} from 'yaml';
import {normalizeTreePath} from '../../git/types.js';
import {type JsonRecord, list, record, text} from '../../util/json.js';
import type {HelmRenderOptions} from '../../render/types.js';
import {applyHelmParameters, type HelmParameter} from '../../desired/helm-parameters.js';
import {planError, unsupported} from '../../desired/plan-problem.js';
import {errorText, redactCredentials} from '../../util/error-text.js';

/** Where a source's files come from: a `$ref/…` value file can only be read from the tree being rendered. */
export type SourceOrigin = {repoUrl: string; revision: string};

type ArgoHelmContext = {
	/** 'spec.source' or 'spec.sources[1]', for messages. */
	field: string;
	appName: string;
	/** spec.destination.namespace. */
	namespace: string;
	/** The chart directory, repository-relative ('' for the root). */
	chartPath: string;
	origin: SourceOrigin;
	/** The source named by `ref:` in a multi-source app, or null when none has that name. */
	refSource(name: string): SourceOrigin | null;
};

// Options that change what Argo CD renders but that the local helm run cannot reproduce.
const UNREPRODUCED: Array<[string, (helm: JsonRecord) => boolean]> = [
	['fileParameters', helm => list(helm['fileParameters']).length > 0],
	['skipCrds', helm => helm['skipCrds'] === true],
	['ignoreMissingValueFiles', helm => helm['ignoreMissingValueFiles'] === true],
];

export function argoHelmOptions(source: JsonRecord, context: ArgoHelmContext): HelmRenderOptions {
	const helm = record(source['helm']) ?? {};
	for (const [name, isSet] of UNREPRODUCED) {
		if (isSet(helm)) throw unsupported(`${context.field}.helm.${name} is set; driftwatch's local helm template run does not reproduce it`);
	}
	const options: HelmRenderOptions = {
		releaseName: text(helm['releaseName']) || context.appName,
		namespace: text(helm['namespace']) || context.namespace || 'default',
	};
	const valueFiles = list(helm['valueFiles'])
		.map(text)
		.filter(file => file !== '');
	if (valueFiles.length > 0) options.valuesFiles = valueFiles.map(file => chartRelativeValueFile(file, context));
	const values = inlineValues(helm, context.field);
	if (Object.keys(values).length > 0) options.values = values;
	return options;
}

function sameRepository(a: string, b: string): boolean {
	const canonical = (url: string) =>
		url
			.trim()
			.toLowerCase()
			.replace(/\/+$/, '')
			.replace(/\.git$/, '');
	return canonical(a) === canonical(b);
}

/**
 * A value file as a path relative to the chart directory that stays inside the repository. `$ref/path` is
 * read from the tree being rendered when the ref source is the same repository at the same revision.
 */
function chartRelativeValueFile(file: string, context: ArgoHelmContext): string {
	const where = `${context.field}.helm.valueFiles ${JSON.stringify(file)}`;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw unsupported(`${where} is a URL; driftwatch reads value files from the repository only`);
	let repoPath: string;
	const reference = /^\$([^/]+)\/(.*)$/.exec(file);
	if (reference) {
		const [, name, rest] = reference as unknown as [string, string, string];
		const referenced = context.refSource(name);
		if (!referenced) throw planError(`${where}: no source has ref ${JSON.stringify(name)}`);
		if (!sameRepository(referenced.repoUrl, context.origin.repoUrl) || referenced.revision !== context.origin.revision) {
			throw unsupported(
				`${where} comes from ${redactCredentials(referenced.repoUrl)} at ${referenced.revision}, not the chart's repository and revision; driftwatch renders one repository per source`,
			);
		}
		repoPath = rest;
	} else if (file.startsWith('/')) {
		// Absolute paths are taken from the repository root: a value file never reads the user's own files.
		repoPath = file;
	} else {
		repoPath = posix.join(context.chartPath, file);
	}
	// Relative normalization: '/a/../..' would clamp at '/' and hide the escape.
	const normalized = posix.normalize(repoPath.replace(/^\/+/, '') || '.');
	if (normalized === '..' || normalized.startsWith('../')) throw planError(`${where} leaves the repository`);
	return posix.relative(`/${normalizeTreePath(context.chartPath)}`, `/${normalized}`) || '.';
}

/** valuesObject wins over the values string (as in Argo CD), then parameters are set on top. */
function inlineValues(helm: JsonRecord, field: string): Record<string, unknown> {
	let values: Record<string, unknown> = record(helm['valuesObject']) ?? {};
	if (record(helm['valuesObject']) === null && text(helm['values']).trim() !== '') {
		let parsed: unknown;
		try {
			parsed = parse(text(helm['values']), {version: '1.1'});
		} catch (error) {
			const message = errorText(error);
			throw planError(`${field}.helm.values is not valid YAML: ${message}`);
		}
		if (parsed !== null && parsed !== undefined) {
			const map = record(parsed);
			if (!map) throw planError(`${field}.helm.values is not a YAML map`);
			values = map;
		}
	}
	const parameters: HelmParameter[] = list(helm['parameters'])
		.map(record)
		.filter(parameter => parameter !== null && text(parameter['name']) !== '')
		.map(parameter => ({
			name: text(parameter!['name']),
			value: typeof parameter!['value'] === 'string' ? parameter!['value'] : String(parameter!['value'] ?? ''),
			forceString: parameter!['forceString'] === true,
		}));
	if (parameters.length === 0) return values;
	const applied = applyHelmParameters(values, parameters);
	if (!applied.ok) throw planError(`${field}.helm.parameters: ${JSON.stringify(applied.name)} is not a valid value path`);
	return applied.values;
}
