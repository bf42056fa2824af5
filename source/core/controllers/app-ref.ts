// How the CLI names one app: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME (or NAME with -n NAMESPACE).
import {appKinds, controllerOf, controllers} from './controllers.js';
import type {AppSummary} from '../apps/model.js';
import type {NativeAppConfig} from '../native/config-types.js';

/** An app as the user named it; null parts match anything. `kind` is canonical when it was a known short form. */
export type AppRef = {
	kind: string | null;
	namespace: string | null;
	name: string;
};

type AppRefResolution = {app: AppSummary} | {error: string; matches: AppSummary[]};

const usage = 'expected NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME';

/** Parses APP; `namespace` is -n, which fills in a missing NAMESPACE and must agree with a given one. */
export function parseAppRef(text: string, namespace?: string): AppRef | {error: string} {
	const trimmed = text.trim();
	if (trimmed === '') return {error: `empty APP: ${usage}`};
	const parts = trimmed.split('/');
	if (parts.length > 3 || parts.some(part => part === '' || /\s/.test(part))) return {error: `bad APP "${trimmed}": ${usage}`};
	const name = parts[parts.length - 1]!;
	const given = parts.length >= 2 ? parts[parts.length - 2]! : null;
	const kind = parts.length === 3 ? canonicalKind(parts[0]!) : null;
	const flag = namespace === undefined || namespace === '' ? null : namespace;
	if (given !== null && flag !== null && given !== flag) {
		return {error: `APP "${trimmed}" is in namespace "${given}" but -n says "${flag}"`};
	}
	return {kind, namespace: given ?? flag, name};
}

/** The canonical spelling of a known kind or short form; an unknown kind is kept as typed. */
function canonicalKind(text: string): string {
	const lower = text.toLowerCase();
	// Each controller registers its kinds with what people type for them (the CRDs' shortNames…).
	return appKinds().find(({aliases}) => aliases.includes(lower))?.kind ?? text;
}

/**
 * Whether the ref may name this app of the driftwatch config: its name, its namespace, and a kind (when given) of
 * the controller that reads its apps from the config rather than the cluster.
 */
export function refMayNameConfigApp(ref: AppRef, app: Pick<NativeAppConfig, 'namespace' | 'name'>): boolean {
	const kindFits =
		ref.kind === null ||
		controllers.some(controller => controller.cluster === null && controller.kinds.some(({kind}) => kind === ref.kind));
	return kindFits && app.name === ref.name && (ref.namespace === null || app.namespace === ref.namespace);
}

/** KIND/NAMESPACE/NAME, the one spelling that always names exactly one app in a context. */
export function appPath(app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>): string {
	return `${app.kind}/${app.namespace}/${app.name}`;
}

function refText(ref: AppRef): string {
	return [ref.kind, ref.namespace, ref.name].filter(part => part !== null).join('/');
}

/** The one app the ref names among `apps`; otherwise an error naming every match, or what was searched. */
export function resolveAppRef(ref: AppRef, apps: readonly AppSummary[]): AppRefResolution {
	const matches = apps.filter(app => refMatches(ref, app));
	if (matches.length === 1) return {app: matches[0]!};
	if (matches.length > 1) {
		const listed = matches.map(appPath).sort().join(', ');
		return {error: `APP "${refText(ref)}" is ambiguous: ${listed} (name one as KIND/NAMESPACE/NAME)`, matches};
	}
	const where = ref.namespace === null ? '' : ` in namespace "${ref.namespace}"`;
	const what = ref.kind === null ? `no app "${ref.name}"` : `no ${ref.kind} "${ref.name}"`;
	const searched = apps.length === 0 ? 'no apps found' : `searched ${apps.length} app${apps.length === 1 ? '' : 's'}`;
	const near = nearApps(ref, apps);
	const hint = near.length === 0 ? '' : `; did you mean ${near.map(appPath).join(', ')}?`;
	return {error: `${what}${where} (${searched})${hint}`, matches: []};
}

function refMatches(ref: AppRef, app: AppSummary): boolean {
	return (
		app.name === ref.name &&
		(ref.namespace === null || app.namespace === ref.namespace) &&
		(ref.kind === null || kindMatches(ref.kind, app))
	);
}

function kindMatches(kind: string, app: AppSummary): boolean {
	const wanted = kind.toLowerCase();
	const actual = app.kind.toLowerCase();
	// An app whose controller has one kind (Git apps) is matched by its controller too, so any spelling of that
	// kind works whatever kind word a row carries.
	const own = controllerOf(app.provider)?.kinds;
	if (own?.length === 1 && own[0]!.kind === canonicalKind(kind)) return true;
	return actual === wanted || `${actual}s` === wanted;
}

const NEAR_LIMIT = 5;

/** Apps the user may have meant: the same name elsewhere first, then names a typo or two away. */
function nearApps(ref: AppRef, apps: readonly AppSummary[]): AppSummary[] {
	const sameName = apps.filter(app => app.name === ref.name);
	const similar = apps
		.filter(app => app.name !== ref.name)
		.map(app => ({app, distance: editDistance(app.name, ref.name)}))
		.filter(({distance}) => distance <= Math.min(2, Math.floor(ref.name.length / 3)))
		.sort((a, b) => a.distance - b.distance || appPath(a.app).localeCompare(appPath(b.app)))
		.map(({app}) => app);
	return [...sameName, ...similar].slice(0, NEAR_LIMIT);
}

/** Levenshtein distance; names are short, so the plain two-row table is cheap. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}
