// App health from its resources, as Argo CD's controller aggregates it
// (reference/argocd.md §4.3, v3.4 Missing rule, v3.6 "Caused by" message).
import type {ResourceHealth} from '../apps/detail.js';
import {type HealthStatus, healthSeverity} from '../apps/model.js';

export type HealthItem = {
	/** Null = kind has no health. A resource that does not exist has status Missing. */
	health: ResourceHealth | null;
	kind?: string;
	/** Needed to tell child Argo CD Applications from other kinds named Application. */
	group?: string;
	name?: string;
	annotations?: Record<string, string>;
};

export type AggregateOptions = {
	/** The app expects resources (default: when any item is given). */
	expectsResources?: boolean;
};

const ignoreHealthCheck = 'argocd.argoproj.io/ignore-healthcheck';
const namedCauses = 3;

export function aggregateHealth(items: readonly HealthItem[], options: AggregateOptions = {}): ResourceHealth {
	const live = items.filter(item => item.health?.status !== 'Missing');
	const expectsResources = options.expectsResources ?? items.length > 0;
	if (expectsResources && live.length === 0) return {status: 'Missing', message: ''};

	const counted = live.filter(item => countsTowardsApp(item));
	let worst: HealthStatus = 'Healthy';
	for (const item of counted) {
		const status = item.health!.status;
		if (healthSeverity[status] > healthSeverity[worst]) worst = status;
	}
	if (worst === 'Healthy') return {status: 'Healthy', message: ''};
	return {status: worst, message: causedBy(counted.filter(item => item.health!.status === worst))};
}

function countsTowardsApp(item: HealthItem): boolean {
	if (item.health === null) return false;
	if (item.annotations?.[ignoreHealthCheck] === 'true') return false;
	// A child app that is Missing or Unknown must not drag its parent down.
	const childApp = item.kind === 'Application' && (item.group === undefined || item.group === 'argoproj.io');
	return !(childApp && (item.health.status === 'Missing' || item.health.status === 'Unknown'));
}

/** "Caused by Deployment/api: <message>" or "Caused by A, B, C and 2 more". */
function causedBy(causes: readonly HealthItem[]): string {
	const names = causes.slice(0, namedCauses).map(label);
	const [only] = causes;
	if (causes.length === 1 && only?.health?.message) return `Caused by ${names[0]}: ${only.health.message}`;
	const more = causes.length - names.length;
	return `Caused by ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function label(item: HealthItem): string {
	const kind = item.kind ?? 'resource';
	return item.name === undefined ? kind : `${kind}/${item.name}`;
}
