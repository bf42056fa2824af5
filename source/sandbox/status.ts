// Kubernetes `Status` objects and the error that carries one through the
// request pipeline. Messages follow the shapes a real API server uses, since
// clients (and people) match on them.
import type {ResourceInfo} from './resources.js';

export type StatusCause = {type?: string; message?: string; field?: string};
export type StatusDetails = {name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number};

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

export function reasonForCode(code: number): string {
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
		...(details ? {details} : {}),
		code,
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

export function badRequest(message: string): ApiError {
	return apiError(400, message, 'BadRequest');
}

/** What a real server answers for paths and kinds it does not serve. */
export function unknownPath(): ApiError {
	return apiError(404, 'the server could not find the requested resource', 'NotFound', {});
}
