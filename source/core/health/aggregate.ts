// App health from its resources, as Argo CD's application controller aggregates it: the worst
// resource health wins (Healthy < Suspended < Progressing < Missing < Degraded < Unknown), a resource
// that does not exist yet never counts on its own, and the app is Missing only when none of the
// resources it expects exists. The message names the resources at the worst level.
import type {ResourceHealth} from '../apps/detail.js';
import {type HealthStatus, healthSeverity} from '../apps/model.js';
import {isHookAnnotated, isSkipAnnotated} from './hooks.js';

export type HealthItem = {
	/** Null = kind has no health. A resource that does not exist has status Missing. */
	health: ResourceHealth | null;
	/** The object exists in the cluster; by default, whenever its health is not Missing. */
	live?: boolean;
	/** API group, '' for the core group; also tells child Argo CD Applications from other kinds named Application. */
	group?: string;
	kind?: string;
	namespace?: string;
	name?: string;
	/** The live object's annotations: hooks and `ignore-healthcheck` leave the verdict. */
	annotations?: Readonly<Record<string, string>>;
	/** The desired manifest's annotations: a resource marked only as a Skip hook is never applied, so never counted. */
	desiredAnnotations?: Readonly<Record<string, string>>;
};

type AggregateOptions = {
	/** The app expects resources (default: when any item remains once hooks are left out). */
	expectsResources?: boolean;
};

const ignoreHealthCheck = 'argocd.argoproj.io/ignore-healthcheck';
/** The annotations aggregation reads; a caller keeping live objects keeps only these (never a last-applied copy). */
const aggregationAnnotationKeys = [ignoreHealthCheck, 'argocd.argoproj.io/hook', 'helm.sh/hook'];

/** Of an object's annotations, the ones that decide whether it counts towards the app's health; undefined when none. */
export function aggregationAnnotations(annotations: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
	let kept: Record<string, string> | undefined;
	for (const key of aggregationAnnotationKeys) {
		const value = annotations?.[key];
		if (value === undefined) continue;
		kept ??= {};
		kept[key] = value;
	}
	return kept;
}
const namedCauses = 3;

export function aggregateHealth(items: readonly HealthItem[], options: AggregateOptions = {}): ResourceHealth {
	let containsResources = false;
	let containsLiveResources = false;
	let worst: HealthStatus = 'Healthy';
	let causes: HealthItem[] = [];
	for (const item of items) {
		if (item.desiredAnnotations !== undefined && isSkipAnnotated(item.desiredAnnotations)) continue;
		const live = item.live ?? item.health?.status !== 'Missing';
		// Hooks are judged by their sync operation, not by app health.
		if (live && isHookAnnotated(item.annotations)) continue;
		containsResources = true;
		if (live) containsLiveResources = true;
		if (live && item.annotations?.[ignoreHealthCheck] === 'true') continue;
		if (item.health === null) continue;
		const {status} = item.health;
		// A resource not created yet shows as OutOfSync already; it does not make the app Missing by itself.
		if (!live && status === 'Missing') continue;
		if (isChildApplication(item) && (status === 'Missing' || status === 'Unknown')) continue;
		if (healthSeverity[status] > healthSeverity[worst]) {
			worst = status;
			causes = [item];
		} else if (status === worst && worst !== 'Healthy') {
			causes.push(item);
		}
	}
	const expectsResources = options.expectsResources ?? containsResources;
	if (expectsResources && !containsLiveResources && healthSeverity.Missing > healthSeverity[worst]) {
		return {status: 'Missing', message: ''};
	}
	return {status: worst, message: causedBy(causes)};
}

function isChildApplication(item: HealthItem): boolean {
	return item.kind === 'Application' && item.group === 'argoproj.io';
}

/** "Caused by apps/Deployment:shop/api, Pod:shop/api-1 and 2 more"; '' without causes. */
function causedBy(causes: readonly HealthItem[]): string {
	if (causes.length === 0) return '';
	const named = causes.slice(0, namedCauses).map(reference).join(', ');
	const more = causes.length - namedCauses;
	return `Caused by ${named}${more > 0 ? ` and ${more} more` : ''}`;
}

/** `group/Kind:namespace/name`, without the group for the core group and without the namespace for cluster-scoped objects. */
function reference(item: HealthItem): string {
	const groupKind = item.group ? `${item.group}/${item.kind ?? ''}` : (item.kind ?? '');
	const name = item.namespace ? `${item.namespace}/${item.name ?? ''}` : (item.name ?? '');
	return `${groupKind}:${name}`;
}
