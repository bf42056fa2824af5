// What the demo's Git repository holds: the manifests of a few apps over five
// commits by three people. The same builders make the live objects, so the
// cluster can be seeded with exactly what Git says at any of these commits.

import {configMap, horizontalPodAutoscaler, ingress, secret, service} from './resources.js';
import type {ObjectTree} from './tree.js';
import {day, hour, minute} from './values.js';
import {deploymentTree, type DeploymentOptions} from './workloads.js';

export type GitAppName = 'storefront' | 'checkout' | 'cart' | 'search' | 'guestbook' | 'notes' | 'wiki';
export type CommitId = 'shop' | 'platform' | 'checkout-3.2.0' | 'search-synonyms' | 'notes-1.8.0';

type DemoAuthor = {name: string; email: string};

type DemoCommitSpec = {
	id: CommitId;
	subject: string;
	author: DemoAuthor;
	/** Author date, this long before the demo starts. */
	agoMs: number;
	/** Every object of each app this commit changes (an app's objects are replaced as a whole). */
	apps: Partial<Record<GitAppName, () => ObjectTree[]>>;
};

const priya = {name: 'Priya Raman', email: 'priya.raman@acme.example'};
const marcus = {name: 'Marcus Chen', email: 'marcus.chen@acme.example'};
const jonas = {name: 'Jonas Weber', email: 'jonas.weber@acme.example'};

/** Where an app's manifests live in the repository. */
export function appPath(app: GitAppName): string {
	return `apps/${app}`;
}

function web(name: string, namespace: string, image: string, replicas: number, extra: Partial<DeploymentOptions> = {}): ObjectTree[] {
	return [deploymentTree({name, namespace, image, replicas, port: 8080, ...extra}), service(name, namespace, 8080)];
}

const shopSettings = {LOG_LEVEL: 'info', FEATURE_FLAGS: 'new-checkout=false'};

const storefront = () => [
	...web('storefront', 'shop', 'ghcr.io/acme/storefront:2.14.1', 3),
	ingress('storefront', 'shop', 'shop.acme.example', 'storefront', 8080),
	horizontalPodAutoscaler('storefront', 'shop', 3),
	configMap('storefront-config', 'shop', shopSettings),
];

// 3.2.0 is the bad release: its pods crash and the rollout hits its progress deadline.
const checkout = (version: string) => () => [
	...web('checkout', 'shop', `ghcr.io/acme/checkout:${version}`, 2, version === '3.2.0' ? {state: 'stuck', ready: 0} : {}),
	configMap('checkout-config', 'shop', {...shopSettings, PAYMENT_GATEWAY_URL: 'http://payments-api.payments.svc:8080'}),
];

export const cartRedisPassword = 'cart-redis-s3cret';

/** cart's Deployment; in the demo someone scales it by hand. */
export function cartDeployment(replicas: number): ObjectTree {
	return deploymentTree({name: 'cart', namespace: 'shop', image: 'ghcr.io/acme/cart:1.9.3', replicas, port: 8080});
}

const cart = () => [
	configMap('cart-config', 'shop', {...shopSettings, CART_TTL: '24h'}),
	cartDeployment(2),
	service('cart', 'shop', 8080),
	secret('cart-redis', 'shop', {REDIS_PASSWORD: cartRedisPassword}),
];

const search = (synonymsApart: boolean) => () => [
	...web('search', 'shop', 'ghcr.io/acme/search:0.31.0', 2),
	synonymsApart
		? configMap('search-synonyms', 'shop', {'synonyms.txt': 'tee, t-shirt\nsneakers, trainers\n'})
		: configMap('search-legacy-config', 'shop', {INDEX: 'products-v1', SYNONYMS: 'tee=t-shirt;sneakers=trainers'}),
];

const guestbook = () => [
	...web('guestbook-ui', 'web', 'ghcr.io/acme/guestbook-ui:0.4.2', 2),
	configMap('guestbook-config', 'web', {GREETING: 'Sign the guestbook', MAX_ENTRIES: '200'}),
];

const notes = (version: string) => () => [
	...web('notes', 'demo-native', `ghcr.io/acme/notes:${version}`, 1),
	configMap('notes-config', 'demo-native', {STORAGE: 'sqlite:///data/notes.db', MARKDOWN: 'true'}),
];

const wiki = () => web('wiki', 'demo-native', 'ghcr.io/acme/wiki:3.0.1', 1);

export function demoCommitSpecs(): DemoCommitSpec[] {
	return [
		{
			id: 'shop',
			subject: 'shop: storefront, checkout, cart and search manifests',
			author: priya,
			agoMs: 6 * day,
			apps: {storefront, checkout: checkout('3.1.4'), cart, search: search(false)},
		},
		{
			id: 'platform',
			subject: 'platform: guestbook on Flux, notes and wiki as native apps',
			author: marcus,
			agoMs: 4 * day + 3 * hour,
			apps: {guestbook, notes: notes('1.7.3'), wiki},
		},
		{
			id: 'checkout-3.2.0',
			subject: 'checkout: release 3.2.0 with the new payment gateway client',
			author: priya,
			agoMs: 3 * hour,
			apps: {checkout: checkout('3.2.0')},
		},
		{
			id: 'search-synonyms',
			subject: 'search: synonyms in their own ConfigMap, drop the legacy config',
			author: jonas,
			agoMs: 55 * minute,
			apps: {search: search(true)},
		},
		{id: 'notes-1.8.0', subject: 'notes: bump to 1.8.0', author: marcus, agoMs: 20 * minute, apps: {notes: notes('1.8.0')}},
	];
}

/** The app's objects as of a commit (the last change at or before it). */
export function treesAt(app: GitAppName, commit: CommitId): ObjectTree[] {
	const specs = demoCommitSpecs();
	const upTo = specs.slice(0, specs.findIndex(spec => spec.id === commit) + 1);
	const last = upTo.reverse().find(spec => spec.apps[app] !== undefined);
	if (!last) throw new Error(`${app} is not in Git at ${commit}`);
	return last.apps[app]!();
}

/** How long before the demo started a commit was made. */
export function commitAgo(commit: CommitId): number {
	const spec = demoCommitSpecs().find(candidate => candidate.id === commit);
	if (!spec) throw new Error(`no demo commit ${commit}`);
	return spec.agoMs;
}
