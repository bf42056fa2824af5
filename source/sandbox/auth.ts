// Bearer-token users and RBAC-like rules: who may do what.
import {randomBytes} from 'node:crypto';
import {apiError, type ApiError} from './status.js';

export type PolicyRule = {verbs: string[]; apiGroups: string[]; resources: string[]};

export type User = {name: string; token: string; rules: PolicyRule[]};

/** One resource request, as RBAC sees it. */
type Attributes = {
	verb: string;
	group: string;
	/** Plural, with `/subresource` when there is one. */
	resource: string;
	namespace?: string | undefined;
	name?: string | undefined;
};

const readVerbs = ['get', 'list', 'watch'];

export class Users {
	readonly #byToken = new Map<string, User>();
	readonly #byName = new Map<string, User>();

	constructor() {
		this.add('admin', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}]);
		this.add('viewer', [{verbs: readVerbs, apiGroups: ['*'], resources: ['*']}]);
	}

	/** Add (or replace) a user; its token is new and random. */
	add(name: string, rules: PolicyRule[]): User {
		const previous = this.#byName.get(name);
		if (previous) this.#byToken.delete(previous.token);
		const user = {name, token: randomBytes(24).toString('hex'), rules: structuredClone(rules)};
		this.#byName.set(name, user);
		this.#byToken.set(user.token, user);
		return user;
	}

	byToken(token: string): User | undefined {
		return this.#byToken.get(token);
	}

	all(): User[] {
		return [...this.#byName.values()];
	}
}

/** Who sends no credentials: allowed nothing but the public paths. */
export const anonymous: User = Object.freeze({name: 'system:anonymous', token: '', rules: []});

export function bearerToken(header: string | undefined): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

export function unauthorized(): ApiError {
	return apiError(401, 'Unauthorized', 'Unauthorized');
}

/** What every authenticated user may do (a real server's system:basic-user role): ask what it may do. */
const selfReviews = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']);

export function allows(user: User, attributes: Attributes): boolean {
	if (
		user !== anonymous &&
		attributes.verb === 'create' &&
		attributes.group === 'authorization.k8s.io' &&
		selfReviews.has(attributes.resource)
	)
		return true;
	return user.rules.some(rule => ruleAllows(rule, attributes));
}

function ruleAllows(rule: PolicyRule, {verb, group, resource}: Attributes): boolean {
	const verbOk = rule.verbs.includes('*') || rule.verbs.includes(verb);
	const groupOk = rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
	const [plural, subresource] = resource.split('/');
	const resourceOk = rule.resources.some(
		allowed =>
			allowed === '*' ||
			allowed === resource ||
			(subresource !== undefined && (allowed === `${plural}/*` || allowed === `*/${subresource}`)),
	);
	return verbOk && groupOk && resourceOk;
}

/** The 403 a real server sends, word for word in shape. */
export function forbidden(user: User, attributes: Attributes): ApiError {
	const [plural = ''] = attributes.resource.split('/');
	const qualified = attributes.group ? `${plural}.${attributes.group}` : plural;
	const subject = attributes.name ? `${qualified} "${attributes.name}"` : qualified;
	const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
	const message = `${subject} is forbidden: User "${user.name}" cannot ${attributes.verb} resource "${attributes.resource}" in API group "${attributes.group}" ${scope}`;
	return apiError(403, message, 'Forbidden', {...(attributes.name ? {name: attributes.name} : {}), group: attributes.group, kind: plural});
}

/** The 403 for a path outside the API's resources (discovery, OpenAPI…). */
export function forbiddenPath(user: User, method: string, path: string): ApiError {
	const verb = method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase();
	return apiError(403, `forbidden: User "${user.name}" cannot ${verb} path "${path}"`, 'Forbidden', {});
}
