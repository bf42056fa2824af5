// Reading Events once (the CLI's `events` and `timeline`): both APIs listed and merged by uid, so an event is
// found whichever API the user may read (RBAC grants them separately: `events` in "" and in events.k8s.io).
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import {classifyApiError} from '../kube/api-error.js';
import {listObjects} from '../kube/list.js';
import type {ResourceType} from '../kube/resource-type.js';
import {coreEventType, eventsV1Type, mergeEventViews, readEvent, type EventRecord} from './event-record.js';

export type EventsRead = {
	events: EventRecord[];
	/** Why events of some scope could not be read (both APIs forbidden, the server away…), or null. */
	problem: string | null;
	/** True when the problem is that listing events is forbidden. */
	forbidden: boolean;
};

/**
 * Every event in `namespaces` (null: all namespaces), from both APIs. A view that is not served (404: a server
 * without events.k8s.io/v1) or not allowed is left out while the other answers; a namespace neither view
 * answered for is the problem named (events found elsewhere are still given).
 */
export async function readEvents(kc: KubeConfigLike, namespaces: readonly string[] | null, signal?: AbortSignal): Promise<EventsRead> {
	const scopes = namespaces === null ? [null] : [...new Set(namespaces)];
	const answered: EventRecord[][] = [];
	const failures: ViewProblem[] = [];
	await Promise.all(
		scopes.map(async namespace => {
			const views = await Promise.all([coreEventType, eventsV1Type].map(type => listView(kc, type, namespace, signal)));
			const read = views.filter((view): view is EventRecord[] => Array.isArray(view));
			if (read.length > 0) answered.push(...read);
			else {
				const problems = views.filter((view): view is ViewProblem => view !== null && !Array.isArray(view));
				const worst = problems.find(problem => problem.forbidden) ?? problems[0];
				if (worst) failures.push(worst);
			}
		}),
	);
	const failure = failures.find(problem => problem.forbidden) ?? failures[0];
	return {events: mergeEventViews(...answered), problem: failure?.problem ?? null, forbidden: failure?.forbidden ?? false};
}

type ViewProblem = {problem: string; forbidden: boolean};

/** One view's events, its problem, or null when it is not served. */
async function listView(
	kc: KubeConfigLike,
	type: ResourceType,
	namespace: string | null,
	signal: AbortSignal | undefined,
): Promise<EventRecord[] | ViewProblem | null> {
	const events: EventRecord[] = [];
	try {
		await listObjects(kc, type, namespace, {...(signal ? {signal} : {}), onItem: item => events.push(readEvent(item))});
		return events;
	} catch (error) {
		const problem = classifyApiError(error);
		if (problem.kind === 'not-found' && type.group !== '') return null;
		const forbidden = problem.kind === 'forbidden';
		return {problem: `${forbidden ? 'forbidden: ' : ''}${problem.message}`, forbidden};
	}
}
