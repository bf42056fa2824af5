// Renders an app's desired state from Git: each source's tree at its commit, through kustomize, helm or plain
// YAML, concatenated in source order.

import {readdir, realpath, rm} from 'node:fs/promises';
import {join, posix} from 'node:path';
import {GitError} from '../git/git-error.js';
import type {GitRepos} from '../git/git-repos.js';
import type {KubeObject} from '../kube/resource-type.js';
import {isWellKnownClusterScoped} from '../render/cluster-scoped.js';
import {hasChart} from '../render/helm.js';
import {hasKustomization} from '../render/kustomize.js';
import {renderManifests} from '../render/render-manifests.js';
import type {RenderError} from '../render/types.js';
import type {DesiredRenderCache, SourceRender} from './render-cache.js';
import type {DesiredSource, RenderedDesired} from './types.js';
import {errorText, joinedLines, redactCredentials} from '../util/error-text.js';
import {normalizeTreePath} from '../git/types.js';

export type RenderDesiredOptions = {
	/** PATH to find kubectl and helm in; default process.env.PATH. */
	searchPath?: string;
	/** Rejects with its reason between steps (a renderer already running finishes in the background). */
	signal?: AbortSignal;
	/** Reuse renders of the same commit; without it every call renders. */
	cache?: DesiredRenderCache;
};

const messageLimit = 500;

/**
 * The desired objects of `sources`, deep-frozen (copy before changing), or the first problem as one line
 * naming the source: `<repo> at <commit>: apps/web/deploy.yaml:12: <what is wrong>`.
 */
export async function renderDesired(
	git: GitRepos,
	sources: readonly DesiredSource[],
	options: RenderDesiredOptions = {},
): Promise<RenderedDesired> {
	const objects: KubeObject[] = [];
	for (const source of sources) {
		options.signal?.throwIfAborted();
		const rendered = await renderSource(git, source, options);
		options.signal?.throwIfAborted();
		if (!rendered.ok) return {ok: false, message: rendered.message};
		objects.push(...rendered.objects);
	}
	return {ok: true, objects};
}

async function renderSource(git: GitRepos, source: DesiredSource, options: RenderDesiredOptions): Promise<SourceRender> {
	try {
		// Branches move: only a full SHA names a render that can be reused.
		const commit = await git.resolve(source.repoUrl, source.revision);
		options.signal?.throwIfAborted();
		// Unresolved: materialize reports why (unknown revision, unreachable, auth) as a GitError.
		const render = () => renderTree(git, source, commit ?? source.revision, options.searchPath);
		if (commit === null || options.cache === undefined) return await render();
		return await options.cache.obtain(desiredRenderKey(source, commit), render);
	} catch (error) {
		options.signal?.throwIfAborted();
		return {ok: false, message: failureMessage(source, source.revision, error)};
	}
}

async function renderTree(git: GitRepos, source: DesiredSource, revision: string, searchPath: string | undefined): Promise<SourceRender> {
	// The whole repository: kustomize overlays reach '../base', charts read '../values'.
	const tree = await git.materialize(source.repoUrl, revision, source.path, {wholeRepository: true});
	try {
		if ((await readdir(tree.dir)).length === 0) {
			return {ok: false, message: `${sourceLabel(source, revision)}: path ${source.path} does not exist in the repository`};
		}
		if (source.recurse === false) await dropSubdirectories(tree.dir);
		const result = await renderManifests(tree.dir, {
			namespace: source.namespace,
			...(source.helm === undefined ? {} : {helm: source.helm}),
			...(searchPath === undefined ? {} : {searchPath}),
		});
		if (!result.ok) {
			const roots = [tree.root, await realpath(tree.root)];
			return {ok: false, message: `${sourceLabel(source, revision)}: ${renderProblem(source.path, result.error, roots)}`};
		}
		const objects = source.overrideNamespace ? withNamespace(result.objects, source.namespace) : result.objects;
		return {ok: true, objects: deepFreeze(objects)};
	} finally {
		await tree.dispose();
	}
}

/** A plain directory without recursion keeps its own files only; kustomize and helm directories are units. */
async function dropSubdirectories(dir: string): Promise<void> {
	if ((await hasKustomization(dir)) || (await hasChart(dir))) return;
	for (const entry of await readdir(dir, {withFileTypes: true})) {
		if (entry.isDirectory()) await rm(join(dir, entry.name), {recursive: true, force: true});
	}
}

/** kustomize's namespace field (Flux targetNamespace): every namespaced object moves to `namespace`. */
function withNamespace(objects: KubeObject[], namespace: string): KubeObject[] {
	return objects.map(object =>
		isWellKnownClusterScoped(object.apiVersion, object.kind) ? object : {...object, metadata: {...object.metadata, namespace}},
	);
}

function revisionLabel(revision: string): string {
	return /^[0-9a-f]{40,64}$/i.test(revision) ? revision.slice(0, 8) : revision;
}

function sourceLabel(source: DesiredSource, revision: string): string {
	return `${redactCredentials(source.repoUrl)} at ${revisionLabel(revision)}`;
}

/** Where in the repository the problem is: the file and line for bad YAML, else the file or the source path. */
function renderProblem(path: string, error: RenderError, roots: readonly string[]): string {
	let location = path;
	if (error.file !== undefined) location = repositoryFile(path, error.file);
	if (error.line !== undefined) location += `:${error.line}`;
	return `${location}: ${joinedLines(toolMessage(error.message, roots), messageLimit)}`;
}

/**
 * Tool output as a user reads it: paths inside the temporary tree become repository paths, and kubectl's log
 * header (`E0102 03:04:05.123456   123 run.go:72] "command failed" err="…"`) is dropped.
 */
function toolMessage(message: string, roots: readonly string[]): string {
	let text = message;
	for (const root of roots) text = text.split(`${root}/`).join('').split(root).join('.');
	text = text.replace(/[EWIF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /g, '');
	const wrapped = /"command failed" err="(.*)"\s*$/s.exec(text);
	if (wrapped) text = text.slice(0, wrapped.index) + wrapped[1]!.replace(/\\"/g, '"');
	return text;
}

const KUSTOMIZE_OUTPUT = ' (kubectl kustomize output)';
const HELM_OUTPUT = 'helm template output';

/** A renderer's file label (relative to the rendered directory) as a repository path; tool output keeps its note. */
function repositoryFile(path: string, file: string): string {
	if (file === HELM_OUTPUT) return `${path} (${HELM_OUTPUT})`;
	if (file.endsWith(KUSTOMIZE_OUTPUT)) return posix.join(path, file.slice(0, -KUSTOMIZE_OUTPUT.length)) + KUSTOMIZE_OUTPUT;
	return posix.join(path, file);
}

function failureMessage(source: DesiredSource, revision: string, error: unknown): string {
	const display = redactCredentials(source.repoUrl);
	if (error instanceof GitError) {
		// Already one line and credential-free; most name the repository themselves.
		return error.message.includes(display) ? error.message : `${display}: ${error.message}`;
	}
	return `${sourceLabel(source, revision)}: ${joinedLines(errorText(error, {multiline: true}), messageLimit)}`;
}

/** Identity of a render: the same commit, path and options always render the same objects. */
function desiredRenderKey(source: DesiredSource, commit: string): string {
	return JSON.stringify([
		source.repoUrl,
		commit,
		normalizeTreePath(source.path),
		source.namespace,
		source.overrideNamespace === true,
		source.recurse !== false,
		source.helm ?? null,
	]);
}

/** Freezes a value and everything it holds, so a shared render cannot be changed by one of its readers. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
