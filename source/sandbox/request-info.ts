// What a request asks for, read from its method and path the way a real API
// server's RequestInfo does.
import {badRequest, unknownPath} from './status.js';

type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export type ResourceRequest = {
	type: 'resource';
	group: string;
	version: string;
	/** Namespace from the path (for the namespaces kind itself: the namespace's name). */
	namespace?: string | undefined;
	plural: string;
	name?: string | undefined;
	subresource?: string | undefined;
	verb: Verb;
};

type DiscoveryRequest =
	| {type: 'api-versions'}
	| {type: 'api-groups'}
	| {type: 'api-group'; group: string}
	| {type: 'group-version'; group: string; version: string};

type NonResourceRequest = {type: 'non-resource'; path: string};

export type RequestInfo = ResourceRequest | DiscoveryRequest | NonResourceRequest;

/** Subresources of a namespace (/api/v1/namespaces/NAME/status), not kinds inside it. */
const namespaceSubresources = new Set(['status', 'finalize']);

export function parseRequest(method: string, pathname: string, query: URLSearchParams): RequestInfo {
	const segments = pathname.split('/').filter(Boolean).map(decodeSegment);
	const [prefix, ...rest] = segments;
	if (prefix === 'api') {
		if (rest.length === 0) return {type: 'api-versions'};
		const [version = '', ...parts] = rest;
		if (parts.length === 0) return {type: 'group-version', group: '', version};
		return resourceRequest(method, '', version, parts, query);
	}
	if (prefix === 'apis') {
		if (rest.length === 0) return {type: 'api-groups'};
		const [group = '', version, ...parts] = rest;
		if (version === undefined) return {type: 'api-group', group};
		if (parts.length === 0) return {type: 'group-version', group, version};
		return resourceRequest(method, group, version, parts, query);
	}
	return {type: 'non-resource', path: pathname};
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw badRequest(`malformed path segment: ${segment}`);
	}
}

function resourceRequest(method: string, group: string, version: string, input: string[], query: URLSearchParams): ResourceRequest {
	let parts = input;
	let watch = query.get('watch') === 'true' || query.get('watch') === '1';
	// The deprecated /watch/ prefix form.
	if (parts[0] === 'watch') {
		watch = true;
		parts = parts.slice(1);
	}
	let namespace: string | undefined;
	if (parts[0] === 'namespaces' && parts.length > 1) {
		namespace = parts[1];
		if (parts.length > 2 && !namespaceSubresources.has(parts[2] ?? '')) parts = parts.slice(2);
	}
	if (parts.length === 0) throw unknownPath();
	const [plural = '', name, ...rest] = parts;
	// Deeper paths are unknown subresources: what that answers depends on who serves the group.
	const subresource = rest.length > 0 ? rest.join('/') : undefined;
	return {type: 'resource', group, version, namespace, plural, name, subresource, verb: verbFor(method, name !== undefined, watch)};
}

function verbFor(method: string, hasName: boolean, watch: boolean): Verb {
	switch (method) {
		case 'GET':
		case 'HEAD':
			return watch ? 'watch' : hasName ? 'get' : 'list';
		case 'POST':
			return 'create';
		case 'PUT':
			return 'update';
		case 'PATCH':
			return 'patch';
		case 'DELETE':
			return hasName ? 'delete' : 'deletecollection';
		default:
			return 'get';
	}
}
