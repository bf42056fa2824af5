// Kubeconfig text for a sandbox: one cluster, a user and context per user.
import {stringify} from 'yaml';
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
