// Kubeconfig text for a sandbox: one cluster, a user and context per user; and several servers' kubeconfigs as one.
import {parse, stringify} from 'yaml';
import type {User} from './auth.js';

const clusterName = 'sandbox';
const adminContext = 'sandbox';
const viewerContext = 'sandbox-viewer';

/** The context a user gets: the built-ins have fixed names, added users their own. */
function contextNameFor(user: string): string {
	if (user === 'admin') return adminContext;
	if (user === 'viewer') return viewerContext;
	return user;
}

export function kubeconfigText(options: {server: string; caPem: string; users: User[]; currentContext?: string | undefined}): string {
	const contexts = options.users.map(user => ({name: contextNameFor(user.name), context: {cluster: clusterName, user: user.name}}));
	const currentContext = options.currentContext ?? adminContext;
	if (!contexts.some(context => context.name === currentContext))
		throw new Error(`no context named "${currentContext}" in the sandbox kubeconfig`);
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		preferences: {},
		'current-context': currentContext,
		clusters: [
			{name: clusterName, cluster: {server: options.server, 'certificate-authority-data': Buffer.from(options.caPem).toString('base64')}},
		],
		users: options.users.map(user => ({name: user.name, user: {token: user.token}})),
		contexts,
	});
}

type KubeconfigFile = {
	'current-context'?: string;
	clusters?: Array<{name: string; cluster: Record<string, unknown>}>;
	users?: Array<{name: string; user: Record<string, unknown>}>;
	contexts?: Array<{name: string; context: {cluster: string; user: string; namespace?: string}}>;
};

/**
 * Several API servers' kubeconfigs as one, each server a cluster named `name`: its current context becomes the
 * context `name` and every other one `name-REST`, where REST is what follows the current context's name and a dash
 * (sandbox-viewer → prod-eu-viewer) or the whole name (viewer → prod-eu-viewer). The first part's context is current.
 */
export function combinedKubeconfigText(parts: ReadonlyArray<{name: string; kubeconfig: string}>): string {
	const clusters: NonNullable<KubeconfigFile['clusters']> = [];
	const users: NonNullable<KubeconfigFile['users']> = [];
	const contexts: NonNullable<KubeconfigFile['contexts']> = [];
	for (const {name, kubeconfig} of parts) {
		const file = parse(kubeconfig) as KubeconfigFile;
		const current = file['current-context'] ?? '';
		const clusterNames = new Map<string, string>();
		for (const [index, cluster] of (file.clusters ?? []).entries()) {
			const renamed = index === 0 ? name : `${name}-${cluster.name}`;
			clusterNames.set(cluster.name, renamed);
			clusters.push({...cluster, name: renamed});
		}
		for (const user of file.users ?? []) users.push({...user, name: `${name}-${user.name}`});
		for (const context of file.contexts ?? []) {
			const rest = context.name.startsWith(`${current}-`) ? context.name.slice(current.length + 1) : context.name;
			contexts.push({
				name: context.name === current ? name : `${name}-${rest}`,
				context: {
					...context.context,
					cluster: clusterNames.get(context.context.cluster) ?? context.context.cluster,
					user: `${name}-${context.context.user}`,
				},
			});
		}
	}
	const names = contexts.map(context => context.name);
	const repeated = names.find((contextName, index) => names.indexOf(contextName) !== index);
	if (repeated) throw new Error(`two clusters would both have a context named "${repeated}"`);
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		preferences: {},
		'current-context': parts[0]?.name ?? '',
		clusters,
		users,
		contexts,
	});
}
