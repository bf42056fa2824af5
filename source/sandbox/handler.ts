// One HTTP request through the API: latency and failure faults, authentication,
// authorization, then discovery or the object operations; every answer is
// logged for tests, and every error is a Status.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {gzipSync} from 'node:zlib';
import {allows, anonymous, bearerToken, forbidden, forbiddenPath, unauthorized, type User, type Users} from './auth.js';
import {accessReview, isAccessReview} from './access-review.js';
import {decodePatchBody, decodeWriteBody, patchTypeOf, readBody, readBodyBytes} from './body.js';
import {apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo} from './discovery.js';
import type {FaultState} from './faults.js';
import {isObject} from './json-values.js';
import type {KubeObject} from '../core/kube/resource-type.js';
import {openApiDocument, openApiRoot} from './openapi.js';
import {propagationPolicyOf} from './kind-strategies.js';
import type {ObjectApi, Target} from './objects.js';
import {type PodLogStore, servePodLog} from './pod-logs.js';
import {parseRequest, type RequestInfo, type ResourceRequest} from './request-info.js';
import {crdResourceKey, namespaceResourceKey, resourceKey, type ResourceRegistry} from './resources.js';
import {parseFieldSelector, parseLabelSelector} from './selectors.js';
import {
	ApiError,
	apiError,
	badRequest,
	invalidOptions,
	notFound,
	pageNotFound,
	PlainNotFound,
	statusObject,
	type StatusObject,
	unknownPath,
} from './status.js';
import type {ObjectStore} from './store.js';
import type {FieldValidation} from './stored-form.js';
import {serveScale, type ScalePaths} from './scale.js';
import {requestedConversion} from './table.js';
import {checkWatchRequest, serveWatch} from './watch.js';
import {eventsV1FieldSelector, eventsV1Group, fromEventsV1, patchFromEventsV1, toEventsV1, toEventsV1List} from './event-views.js';

export type RecordedRequest = {method: string; path: string; query: string; user: string; verb: string; status: number};

export type HandlerState = {
	store: ObjectStore;
	registry: ResourceRegistry;
	api: ObjectApi;
	users: Users;
	faults: FaultState;
	requests: RecordedRequest[];
	/** Open watch responses (and followed pod logs), so faults can drop them. */
	watches: Set<ServerResponse>;
	/** What the containers logged: the sandbox's stand-in for the kubelets behind pods/log. */
	podLogs: PodLogStore;
	serverAddress: () => string;
};

/** Paths a real server lets anyone read (system:public-info-viewer), anonymous requests included. */
const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);
/** Health checks (and their named sub-checks) the sandbox answers `ok`. */
const healthPaths = /^\/(healthz|readyz|livez)(\/.*)?$/;

export async function handleRequest(state: HandlerState, request: IncomingMessage, response: ServerResponse): Promise<void> {
	// Prefixing (not resolving against a base) keeps paths like `//x` paths, not hosts.
	const url = parseUrl(request.url);
	const record: RecordedRequest = {
		method: request.method ?? 'GET',
		path: url.pathname,
		query: url.search.replace(/^\?/, ''),
		user: '',
		verb: 'get',
		status: 0,
	};
	try {
		if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
		// No credentials at all is anonymous access (on by default in kube-apiserver): RBAC then refuses it (403).
		const user = authenticate(state.users, request) ?? anonymous;
		record.user = user.name;
		const info = parseRequest(record.method, url.pathname, url.searchParams);
		if (info.type === 'resource') record.verb = info.verb;
		const failure = state.faults.takeFailure(url.pathname);
		if (failure) return sendStatus(state, response, record, failure);
		// Resource requests are authorized below, like every user's; other paths are public or refused.
		const publicPath = info.type === 'non-resource' && publicPaths.has(info.path);
		if (user === anonymous && info.type !== 'resource' && !publicPath) throw forbiddenPath(user, record.method, url.pathname);
		if (info.type === 'resource') return await handleResource(state, request, response, record, info, user, url.searchParams);
		return handleNonResource(state, response, record, info);
	} catch (error) {
		if (error instanceof PlainNotFound && !response.headersSent) return sendText(state, response, record, 404, error.text);
		const status =
			error instanceof ApiError ? error.status : statusObject(500, `internal error: ${(error as Error).message}`, 'InternalError');
		if (response.headersSent) {
			response.end();
			return;
		}
		sendStatus(state, response, record, status);
	}
}

/** An error Status, with Retry-After when it says when to ask again, as the real server's response writers set it. */
function sendStatus(state: HandlerState, response: ServerResponse, record: RecordedRequest, status: StatusObject): void {
	const retryAfter = status.details?.retryAfterSeconds;
	sendJson(state, response, record, status.code, status, [], retryAfter ? {'retry-after': String(retryAfter)} : {});
}

/**
 * A list at a resourceVersion the store has not reached (say, from before a
 * restart on an empty etcd): a real server waits up to 3 s for its cache to
 * catch up, then answers 504 with a ResourceVersionTooLarge cause. (A watch
 * from such a version is accepted and stays silent, as on a real server.)
 */
async function refuseFutureVersion(state: HandlerState, resourceVersion: string | null): Promise<void> {
	if (!resourceVersion || !/^\d+$/.test(resourceVersion)) return;
	const wanted = Number(resourceVersion);
	if (wanted <= state.store.resourceVersion) return;
	await delay(futureVersionWaitMs);
	if (wanted <= state.store.resourceVersion) return;
	throw apiError(504, `Timeout: Too large resource version: ${wanted}, current: ${state.store.resourceVersion}`, 'Timeout', {
		causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
		retryAfterSeconds: 1,
	});
}

const futureVersionWaitMs = 3000;

function parseUrl(raw: string | undefined): URL {
	const path = raw?.startsWith('/') ? raw : `/${raw ?? ''}`;
	try {
		return new URL(`https://sandbox.invalid${path}`);
	} catch {
		return new URL('https://sandbox.invalid/invalid-request-url');
	}
}

function authenticate(users: Users, request: IncomingMessage): User | undefined {
	const header = request.headers.authorization;
	if (header === undefined) return undefined;
	const token = bearerToken(header);
	const user = token ? users.byToken(token) : undefined;
	// A credential that does not check out is a 401, never anonymous access.
	if (!user) throw unauthorized();
	return user;
}

function handleNonResource(
	state: HandlerState,
	response: ServerResponse,
	record: RecordedRequest,
	info: Exclude<RequestInfo, ResourceRequest>,
): void {
	switch (info.type) {
		case 'api-versions':
			return sendJson(state, response, record, 200, apiVersions(state.serverAddress()));
		case 'api-groups':
			return sendJson(state, response, record, 200, apiGroupList(state.registry));
		case 'api-group':
			if (state.registry.groupOrigin(info.group) === undefined) throw pageNotFound();
			return sendJson(state, response, record, 200, apiGroup(state.registry, info.group));
		case 'group-version':
			if (state.registry.groupOrigin(info.group) !== 'built-in' && state.registry.inGroupVersion(info.group, info.version).length === 0)
				throw pageNotFound();
			return sendJson(state, response, record, 200, apiResourceList(state.registry, info.group, info.version));
		case 'non-resource':
			if (info.path === '/version' || info.path === '/version/') return sendJson(state, response, record, 200, versionInfo);
			if (healthPaths.test(info.path)) return sendText(state, response, record, 200, 'ok');
			if (info.path === '/openapi/v3') return sendJson(state, response, record, 200, openApiRoot(state.registry));
			if (info.path.startsWith('/openapi/v3/'))
				return sendJson(state, response, record, 200, openApiDocument(state.registry, info.path.slice('/openapi/v3/'.length)));
			throw pageNotFound();
	}
}

async function handleResource(
	state: HandlerState,
	request: IncomingMessage,
	response: ServerResponse,
	record: RecordedRequest,
	info: ResourceRequest,
	user: User,
	query: URLSearchParams,
): Promise<void> {
	const resourceName = info.subresource ? `${info.plural}/${info.subresource}` : info.plural;
	const attributes = {verb: info.verb, group: info.group, resource: resourceName, namespace: info.namespace, name: info.name};
	if (!allows(user, attributes)) throw forbidden(user, attributes);

	// A review is answered, never stored: only created, and only on the cluster-scoped collection.
	if (isAccessReview(info)) {
		if (info.namespace !== undefined || info.name !== undefined) throw unknownPath();
		if (info.verb !== 'create')
			throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
		const body = decodeWriteBody(await readBodyBytes(request), request.headers['content-type'], true, 'SelfSubjectAccessReview');
		const manager = query.get('fieldManager') ?? userAgentManager(request.headers['user-agent']);
		return sendJson(state, response, record, 201, accessReview(user, body, manager, new Date().toISOString().replace(/\.\d+Z$/, 'Z')));
	}
	// Built-in groups answer paths they do not serve with a NotFound Status; custom and unknown groups with plain text.
	const builtInGroup = state.registry.groupOrigin(info.group) === 'built-in';
	const notServed = builtInGroup ? unknownPath : pageNotFound;
	const served = state.registry.find(info.group, info.version, info.plural);
	if (!served) throw notServed();
	if (
		info.subresource === 'log' &&
		info.group === '' &&
		info.plural === 'pods' &&
		info.namespace !== undefined &&
		info.name !== undefined
	) {
		if (info.verb !== 'get') throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
		const pod = state.api.get({
			resource: served,
			version: info.version,
			namespace: info.namespace,
			name: info.name,
			subresource: undefined,
		});
		servePodLog(state.podLogs, pod as Record<string, unknown>, query, response, status => finishRecord(state, record, status));
		if (!response.writableEnded) {
			state.watches.add(response);
			response.on('close', () => state.watches.delete(response));
		}
		return;
	}
	// events.k8s.io/v1 Events are the stored core/v1 Events, converted on the way in and out.
	const eventsView = served.group === eventsV1Group && served.plural === 'events';
	const resource = eventsView ? (state.registry.find('', 'v1', 'events') ?? served) : served;
	const viewOut = (object: KubeObject) => (eventsView && object.kind !== 'Status' ? toEventsV1(object) : object);
	const viewIn = <T>(body: T): T => (eventsView ? (fromEventsV1(body) as T) : body);
	const isNamespaceKind = resourceKey(resource) === namespaceResourceKey;
	if (!resource.namespaced && info.namespace !== undefined && !isNamespaceKind) throw notServed();
	if (resource.namespaced && info.namespace === undefined && info.name !== undefined) throw notServed();
	const servedSubresource =
		(info.subresource === 'status' && resource.statusSubresource) ||
		(info.subresource === 'scale' && resource.scale?.[info.version] !== undefined);
	if (info.subresource !== undefined && !servedSubresource) {
		// A custom kind treats an unknown subresource as an object it cannot find.
		throw builtInGroup ? unknownPath() : notFound(resource, info.name ?? '');
	}
	const target: Target = {
		resource,
		version: eventsView ? 'v1' : info.version,
		namespace: resource.namespaced ? info.namespace : undefined,
		name: info.name,
		subresource: info.subresource,
	};
	if (resource.verbs && !resource.verbs.includes(info.verb))
		throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
	// Across all namespaces a namespaced kind can only be listed and watched.
	if (resource.namespaced && info.namespace === undefined && info.verb !== 'list' && info.verb !== 'watch') {
		throw builtInGroup
			? apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {})
			: pageNotFound();
	}

	const dryRun = readDryRun(query, info.verb);
	// A deprecated kind is answered with a warning, whatever the request.
	const writeOptions = {fieldValidation: fieldValidationOf(query), warnings: resource.deprecation ? [resource.deprecation] : []};
	const fieldManager = query.get('fieldManager') ?? userAgentManager(request.headers['user-agent']);
	if (fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128 characters');
	const fieldSelector = () => (eventsView ? eventsV1FieldSelector(query.get('fieldSelector')) : query.get('fieldSelector'));
	const selectors = () => [parseLabelSelector(query.get('labelSelector')), parseFieldSelector(fieldSelector(), resource)];
	// `kubectl get` asks for a Table (server-side columns); other reads get the objects.
	const reads = info.verb === 'get' || info.verb === 'list' || info.verb === 'watch';
	const crd = resource.crdName ? state.store.get(crdResourceKey, undefined, resource.crdName) : undefined;
	const conversion = reads ? requestedConversion(request.headers.accept, query, {resource, version: target.version, crd}) : undefined;
	const builtInKind = !resource.crdName;
	const scalePaths = info.subresource === 'scale' ? resource.scale?.[info.version] : undefined;
	if (scalePaths)
		return sendJson(
			state,
			response,
			record,
			200,
			await scaleRequest(state, request, info.verb, {...target, subresource: undefined}, scalePaths, {dryRun, fieldManager}),
		);

	// Lists and watches are served from the kind's watch cache, which a newly served kind is still starting.
	if ((info.verb === 'list' || info.verb === 'watch') && state.store.cacheStarting(resourceKey(resource))) {
		throw apiError(429, 'storage is (re)initializing', 'TooManyRequests', {retryAfterSeconds: 1});
	}
	switch (info.verb) {
		case 'get': {
			const object = state.api.get(target);
			return sendJson(state, response, record, 200, conversion ? conversion.answer(object) : viewOut(object), writeOptions.warnings);
		}
		case 'list': {
			const limit = query.get('limit');
			const listOptions = {
				selectors: selectors(),
				limit: limit ? Number(limit) : undefined,
				continueToken: query.get('continue'),
				resourceVersion: query.get('resourceVersion'),
			};
			await refuseFutureVersion(state, listOptions.resourceVersion);
			const list = state.api.list(target, listOptions);
			const answer = conversion ? conversion.answer(list) : eventsView ? toEventsV1List(list) : list;
			return sendJson(state, response, record, 200, answer, writeOptions.warnings);
		}
		case 'watch': {
			const timeout = Number(query.get('timeoutSeconds') ?? '');
			const watchRequest = {
				target,
				selectors: selectors(),
				resourceVersion: query.get('resourceVersion'),
				timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
				allowBookmarks: query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1',
				sendInitialEvents: query.has('sendInitialEvents') ? query.get('sendInitialEvents') === 'true' : undefined,
				resourceVersionMatch: query.get('resourceVersionMatch'),
				present: conversion?.events() ?? (eventsView ? toEventsV1 : undefined),
			};
			checkWatchRequest(watchRequest, state.store.resourceVersion);
			record.status = 200;
			state.requests.push(record);
			state.watches.add(response);
			response.on('close', () => state.watches.delete(response));
			serveWatch(response, state.store, state.api, watchRequest);
			return;
		}
		case 'create': {
			if (target.name !== undefined && !target.subresource)
				throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
			const body = viewIn(decodeWriteBody(await readBodyBytes(request), request.headers['content-type'], builtInKind, resource.kind));
			const created = state.api.create(target, body, {dryRun, fieldManager, ...writeOptions});
			return sendJson(state, response, record, 201, viewOut(created), writeOptions.warnings);
		}
		case 'update': {
			const body = viewIn(decodeWriteBody(await readBodyBytes(request), request.headers['content-type'], builtInKind, resource.kind));
			const updated = state.api.update(target, body, {dryRun, fieldManager, ...writeOptions});
			return sendJson(state, response, record, 200, viewOut(updated), writeOptions.warnings);
		}
		case 'patch': {
			const type = patchTypeOf(request.headers['content-type']);
			const raw = decodePatchBody(await readBody(request), type);
			const body = eventsView ? (patchFromEventsV1(type, raw) as typeof raw) : raw;
			const force = query.get('force') === 'true';
			if (query.has('force') && type !== 'apply') {
				throw invalidOptions('PatchOptions', [
					{reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force'},
				]);
			}
			const existed = type === 'apply' && existsNow(state, target);
			const result = state.api.patch(target, type, body, {
				dryRun,
				fieldManager: query.get('fieldManager') ?? (type === 'apply' ? '' : fieldManager),
				force,
				...writeOptions,
			});
			return sendJson(state, response, record, type === 'apply' && !existed ? 201 : 200, viewOut(result), writeOptions.warnings);
		}
		case 'delete': {
			const options = await deleteOptions(request);
			const optionsDryRun = Array.isArray(options.dryRun) && options.dryRun.includes('All');
			const propagationPolicy = propagationPolicyOf(
				query.get('propagationPolicy') ?? options.propagationPolicy,
				query.has('orphanDependents') ? query.get('orphanDependents') === 'true' : options.orphanDependents,
			);
			const preconditions = isObject(options.preconditions) ? options.preconditions : undefined;
			const grace = Number(query.get('gracePeriodSeconds') ?? options.gracePeriodSeconds ?? Number.NaN);
			const gracePeriodSeconds = Number.isInteger(grace) && grace >= 0 ? grace : undefined;
			const warnings = writeOptions.warnings;
			const deleted = state.api.delete(target, {
				dryRun: dryRun || optionsDryRun,
				preconditions,
				propagationPolicy,
				gracePeriodSeconds,
				warnings,
			});
			return sendJson(state, response, record, 200, viewOut(deleted), warnings);
		}
		case 'deletecollection': {
			const options = await deleteOptions(request);
			const propagationPolicy = propagationPolicyOf(query.get('propagationPolicy') ?? options.propagationPolicy, options.orphanDependents);
			return sendJson(
				state,
				response,
				record,
				200,
				state.api.deleteCollection(target, selectors(), {dryRun, propagationPolicy}),
				writeOptions.warnings,
			);
		}
	}
}

function existsNow(state: HandlerState, target: Target): boolean {
	try {
		state.api.get(target);
		return true;
	} catch {
		return false;
	}
}

/** The options kind a real server names when refusing a verb's query parameters. */
const optionsKinds: Partial<Record<string, string>> = {
	create: 'CreateOptions',
	update: 'UpdateOptions',
	patch: 'PatchOptions',
	delete: 'DeleteOptions',
	deletecollection: 'DeleteOptions',
};

function readDryRun(query: URLSearchParams, verb: string): boolean {
	const values = query.getAll('dryRun');
	if (values.some(value => value !== 'All')) {
		const message = `Unsupported value: ${JSON.stringify(values)}: supported values: "All"`;
		throw invalidOptions(optionsKinds[verb] ?? 'ListOptions', [{reason: 'FieldValueNotSupported', message, field: 'dryRun'}]);
	}
	return values.length > 0;
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
	const value = query.get('fieldValidation');
	return value === 'Strict' || value === 'Ignore' ? value : 'Warn';
}

/** A real server names unnamed writers after their user agent: `kubectl/v1.32 (…)` → `kubectl`. */
function userAgentManager(userAgent: string | undefined): string {
	const prefix = (userAgent ?? '').split('/')[0]?.trim() ?? '';
	return prefix.slice(0, 128) || 'unknown';
}

async function deleteOptions(request: IncomingMessage): Promise<Record<string, unknown>> {
	const body = await readBodyBytes(request);
	if (!body.toString('utf8').trim()) return {};
	const options = decodeWriteBody(body, request.headers['content-type'], true);
	return isObject(options) ? options : {};
}

async function scaleRequest(
	state: HandlerState,
	request: IncomingMessage,
	verb: string,
	target: Target,
	paths: ScalePaths,
	options: {dryRun: boolean; fieldManager: string},
) {
	switch (verb) {
		case 'get':
			return serveScale(state.api, target, paths, undefined, options);
		case 'update':
			return serveScale(
				state.api,
				target,
				paths,
				{verb, body: decodeWriteBody(await readBodyBytes(request), request.headers['content-type'], true)},
				options,
			);
		case 'patch': {
			const type = patchTypeOf(request.headers['content-type']);
			return serveScale(state.api, target, paths, {verb, type, body: decodePatchBody(await readBody(request), type)}, options);
		}
		default:
			throw apiError(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
	}
}

function finishRecord(state: HandlerState, record: RecordedRequest, status: number): void {
	record.status = status;
	state.requests.push(record);
}

function sendJson(
	state: HandlerState,
	response: ServerResponse,
	record: RecordedRequest,
	status: number,
	body: unknown,
	warnings: string[] = [],
	extraHeaders: Record<string, string> = {},
): void {
	finishRecord(state, record, status);
	const text = JSON.stringify(body);
	// Warnings go out as a real server sends them: `299 - "text"`, one header value each.
	const headers: Record<string, string | number | string[]> = {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-cache, private',
	};
	if (warnings.length > 0) headers['warning'] = warnings.map(warning => `299 - ${JSON.stringify(warning)}`);
	// A real kube-apiserver gzips an answer over 128 KiB when the client accepts gzip (APIResponseCompression).
	if (Buffer.byteLength(text) > gzipThresholdBytes && acceptsGzip(response.req.headers['accept-encoding'])) {
		const zipped = gzipSync(text);
		response.writeHead(status, {...headers, ...extraHeaders, 'content-encoding': 'gzip', 'content-length': zipped.length});
		response.end(zipped);
		return;
	}
	response.writeHead(status, {...headers, ...extraHeaders});
	response.end(text);
}

const gzipThresholdBytes = 128 * 1024;

function acceptsGzip(header: string | undefined): boolean {
	return (header ?? '').split(',').some(part => {
		const [coding, ...parameters] = part.trim().toLowerCase().split(';');
		return coding?.trim() === 'gzip' && !parameters.some(parameter => /^\s*q=0(\.0*)?\s*$/.test(parameter));
	});
}

function sendText(state: HandlerState, response: ServerResponse, record: RecordedRequest, status: number, text: string): void {
	finishRecord(state, record, status);
	response.writeHead(status, {...(text ? {'content-type': 'text/plain; charset=utf-8'} : {}), 'content-length': Buffer.byteLength(text)});
	response.end(text);
}
