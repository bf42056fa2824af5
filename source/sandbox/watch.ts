// Watch streams: newline-delimited JSON events, resumable from a
// resourceVersion while the history reaches back, 410 Expired otherwise.
import type {ServerResponse} from 'node:http';
import type {KubeObject} from '../core/kube/resource-type.js';
import type {ObjectApi, Target} from './objects.js';
import {apiVersionOf, crdResourceKey, resourceKey} from './resources.js';
import type {Selector} from './selectors.js';
import {ApiError, apiError, invalidOptions, statusObject, type StatusObject} from './status.js';
import type {ObjectStore, StoreEvent} from './store.js';

type WatchRequest = {
	target: Target;
	selectors: Selector[];
	resourceVersion: string | null;
	timeoutSeconds: number | undefined;
	allowBookmarks: boolean;
	/** Undefined when the request does not say. */
	sendInitialEvents: boolean | undefined;
	resourceVersionMatch: string | null;
	/** How an event's object goes on the wire (as a Table, say, bookmarks too); as itself when unset. Errors are sent as they are. */
	present?: ((object: KubeObject) => unknown) | undefined;
};

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Without timeoutSeconds a real server picks 30–60 minutes; so do we, at the low end. */
const defaultTimeoutSeconds = 30 * 60;
/**
 * A real server sends a bookmark about once a minute to watches that allow
 * them, also when nothing in the watch's own scope changes, and none when a
 * short timeoutSeconds ends. It sends none until its watch cache of the type
 * has moved past the version the watch started from (a write of the type
 * anywhere moves it): the bookmark carries the cache's version, which must not
 * go backwards. Clients rely on bookmarks to tell a quiet watch from a dead
 * connection.
 */
const bookmarkIntervalMs = 60_000;
/** Node timers fire at once beyond this. */
const maxTimerMs = 2 ** 31 - 1;

/** Check the request before any byte of the stream is sent (errors then are plain HTTP errors). */
export function checkWatchRequest(request: WatchRequest, currentVersion: number): void {
	const version = request.resourceVersion;
	if (version && /^\d+$/.test(version) && Number(version) > currentVersion) {
		// A version this server has not reached (it was restarted on empty storage, say): a real server waits up to
		// 3 s for its cache to catch up, then answers this, and clients list again.
		throw apiError(504, `Timeout: Too large resource version: ${version}, current: ${currentVersion}`, 'Timeout', {
			causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
			retryAfterSeconds: 1,
		});
	}
	if (version && version !== '0' && !/^\d+$/.test(version)) {
		// A real server's watch cache fails to parse it: a 500 without a reason.
		const {reason: _reason, ...status} = statusObject(
			500,
			`resourceVersion: Invalid value: ${JSON.stringify(version)}: strconv.ParseUint: parsing ${JSON.stringify(version)}: invalid syntax`,
		);
		throw new ApiError(status as StatusObject);
	}
	if (request.sendInitialEvents !== undefined && request.resourceVersionMatch !== 'NotOlderThan') {
		throw invalidOptions('ListOptions', [
			{
				reason: 'FieldValueForbidden',
				message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
				field: 'resourceVersionMatch',
			},
		]);
	}
}

export function serveWatch(response: ServerResponse, store: ObjectStore, api: ObjectApi, request: WatchRequest): void {
	const {target} = request;
	const {resource, version} = target;
	const key = resourceKey(resource);
	const namespace = resource.namespaced ? target.namespace : undefined;
	const inScope = (object: KubeObject) =>
		(namespace === undefined || object.metadata?.namespace === namespace) &&
		(target.name === undefined || object.metadata?.name === target.name) &&
		request.selectors.every(selector => selector(api.present(object, resource, version)));

	response.writeHead(200, {'content-type': 'application/json', 'cache-control': 'no-cache, private'});
	// Clients wait for the headers before they count the watch as started.
	response.flushHeaders();
	// A dropped connection may still see a write before its close event arrives.
	response.on('error', () => {});
	const send = (type: WatchEventType, object: unknown) => {
		const wire = request.present && type !== 'ERROR' ? request.present(object as KubeObject) : object;
		if (!response.writableEnded && !response.destroyed) response.write(`${JSON.stringify({type, object: wire})}\n`);
	};
	const bookmark = (annotations?: Record<string, string>) =>
		send('BOOKMARK', {
			kind: resource.kind,
			apiVersion: apiVersionOf(resource.group, version),
			metadata: {resourceVersion: String(store.resourceVersion), ...(annotations ? {annotations} : {})},
		});

	let typeMoved = false;
	const deliver = (event: StoreEvent) => {
		if (event.key === crdResourceKey && event.type === 'DELETED' && event.object.metadata?.name === resource.crdName) {
			// The kind is gone: a real server ends such watches.
			response.end();
			return;
		}
		if (event.key !== key) return;
		typeMoved = true;
		const now = inScope(event.object);
		const before = event.previous ? inScope(event.previous) : event.type !== 'ADDED' && now;
		const presented = api.present(event.object, resource, version);
		if (event.type === 'DELETED') {
			if (now) send('DELETED', presented);
		} else if (now && before) send(event.type === 'ADDED' ? 'ADDED' : 'MODIFIED', presented);
		else if (now) send('ADDED', presented);
		// An object leaving the selection goes as it was before the change, at the change's version.
		else if (before && event.previous)
			send(
				'DELETED',
				api.present(
					{...event.previous, metadata: {...event.previous.metadata, resourceVersion: String(event.resourceVersion)}},
					resource,
					version,
				),
			);
		else if (before) send('DELETED', presented);
	};

	const fromVersion = request.resourceVersion;
	// sendInitialEvents (the streaming-list protocol) asks for the current state whatever the version.
	if (request.sendInitialEvents ?? (!fromVersion || fromVersion === '0')) {
		for (const object of store.list(key, namespace)) if (inScope(object)) send('ADDED', api.present(object, resource, version));
		// A real server marks the end of the initial state whenever bookmarks are allowed.
		if (request.allowBookmarks) bookmark({'k8s.io/initial-events-end': 'true'});
		// Started at the cache's own version: later bookmarks do not go backwards.
		typeMoved = true;
	} else {
		const missed = store.eventsSince(key, Number(fromVersion));
		if (!missed) {
			send('ERROR', statusObject(410, `too old resource version: ${fromVersion} (${store.oldestResumable(key)})`, 'Expired'));
			response.end();
			return;
		}
		for (const event of missed) deliver(event);
	}

	const unsubscribe = store.subscribe(deliver);
	const timeout = setTimeout(() => response.end(), Math.min((request.timeoutSeconds ?? defaultTimeoutSeconds) * 1000, maxTimerMs));
	const bookmarks = request.allowBookmarks
		? setInterval(() => {
				if (typeMoved) bookmark();
			}, bookmarkIntervalMs)
		: undefined;
	response.on('close', () => {
		unsubscribe();
		clearTimeout(timeout);
		if (bookmarks) clearInterval(bookmarks);
	});
}
