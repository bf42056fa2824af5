// Kubernetes `Status` objects and the error that carries one through the
// request pipeline. Messages follow the shapes a real API server uses, since
// clients (and people) match on them.
import type {ResourceInfo} from './resources.js';

/** On the wire a cause's type is `reason`. */
export type StatusCause = {reason?: string; message?: string; field?: string};
type StatusDetails = {
	name?: string;
	group?: string;
	kind?: string;
	uid?: string;
	causes?: StatusCause[];
	retryAfterSeconds?: number;
};

export type StatusObject = {
	kind: 'Status';
	apiVersion: 'v1';
	metadata: Record<string, never>;
	status: 'Failure' | 'Success';
	message: string;
	reason: string;
	details?: StatusDetails;
	code: number;
};

const reasonsByCode: Record<number, string> = {
	400: 'BadRequest',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'NotFound',
	405: 'MethodNotAllowed',
	406: 'NotAcceptable',
	409: 'Conflict',
	410: 'Gone',
	413: 'RequestEntityTooLarge',
	415: 'UnsupportedMediaType',
	422: 'Invalid',
	429: 'TooManyRequests',
	500: 'InternalError',
	503: 'ServiceUnavailable',
	504: 'Timeout',
};

function reasonForCode(code: number): string {
	return reasonsByCode[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

export function statusObject(code: number, message: string, reason = reasonForCode(code), details?: StatusDetails): StatusObject {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: code >= 200 && code < 300 ? 'Success' : 'Failure',
		message,
		reason,
		...(details ? {details: withoutEmpty(details)} : {}),
		code,
	};
}

/** A real server leaves empty detail fields out (`omitempty`): the core group has no `group`. */
function withoutEmpty(details: StatusDetails): StatusDetails {
	return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== '' && value !== undefined)) as StatusDetails;
}

/**
 * What a real server answers for a delete that removed the object at once:
 * a bare success Status naming it (no message, reason or code).
 */
export function deletedStatus(resource: ResourceInfo, name: string, uid: string | undefined): Record<string, unknown> {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Success',
		details: withoutEmpty({name, group: resource.group, kind: resource.plural, uid}),
	};
}

/** Thrown anywhere while handling a request; the server turns it into the Status response. */
export class ApiError extends Error {
	constructor(readonly status: StatusObject) {
		super(status.message);
	}

	get code(): number {
		return this.status.code;
	}
}

export function apiError(code: number, message: string, reason?: string, details?: StatusDetails): ApiError {
	return new ApiError(statusObject(code, message, reason, details));
}

/** `deployments.apps` for grouped kinds, `pods` for the core group. */
export function qualifiedResource(resource: ResourceInfo): string {
	return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

function details(resource: ResourceInfo, name: string): StatusDetails {
	return {name, group: resource.group, kind: resource.plural};
}

export function notFound(resource: ResourceInfo, name: string): ApiError {
	return apiError(404, `${qualifiedResource(resource)} "${name}" not found`, 'NotFound', details(resource, name));
}

export function namespaceNotFound(namespace: string): ApiError {
	return apiError(404, `namespaces "${namespace}" not found`, 'NotFound', {name: namespace, kind: 'namespaces'});
}

/** Creating inside a namespace being deleted: a real server's NamespaceLifecycle admission refuses it. */
export function namespaceTerminating(resource: ResourceInfo, name: string, namespace: string): ApiError {
	return apiError(
		403,
		`${qualifiedResource(resource)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
		'Forbidden',
		{
			name,
			group: resource.group,
			kind: resource.plural,
			causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
		},
	);
}

export function alreadyExists(resource: ResourceInfo, name: string): ApiError {
	return apiError(409, `${qualifiedResource(resource)} "${name}" already exists`, 'AlreadyExists', details(resource, name));
}

export function staleConflict(resource: ResourceInfo, name: string): ApiError {
	return apiError(
		409,
		`Operation cannot be fulfilled on ${qualifiedResource(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
		'Conflict',
		details(resource, name),
	);
}

export function invalid(resource: ResourceInfo, name: string, causes: StatusCause[]): ApiError {
	const kindGroup = resource.group ? `${resource.kind}.${resource.group}` : resource.kind;
	const summary = causes.map(cause => `${cause.field}: ${cause.message}`).join(', ');
	const message = `${kindGroup} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`;
	return apiError(422, message, 'Invalid', {name, group: resource.group, kind: resource.kind, causes});
}

/** A 422 about the request's options (PatchOptions, ListOptions), not an object. */
export function invalidOptions(kind: string, causes: StatusCause[]): ApiError {
	const summary = causes.map(cause => `${cause.field}: ${cause.message}`).join(', ');
	return apiError(422, `${kind}.meta.k8s.io "" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, 'Invalid', {
		group: 'meta.k8s.io',
		kind,
		causes,
	});
}

export function badRequest(message: string): ApiError {
	return apiError(400, message, 'BadRequest');
}

/** What a real server answers for kinds and versions of the core and built-in groups it does not serve. */
export function unknownPath(): ApiError {
	return apiError(404, 'the server could not find the requested resource', 'NotFound', {});
}

/**
 * Paths no API group handles (an unknown group, anything outside /api and
 * /apis) and unknown paths under custom-resource groups reach a real
 * server's catch-all handler, which answers plain text, not a Status.
 */
export class PlainNotFound extends Error {
	/** The body sent as is: the catch-all's line, or nothing (the OpenAPI handler). */
	constructor(readonly text = '404 page not found\n') {
		super(text.trim() || '404');
	}
}

export function pageNotFound(): PlainNotFound {
	return new PlainNotFound();
}
