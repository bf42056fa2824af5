// What the tree, events and log views of the frontend app show in UI tests: the objects its workloads own,
// its pods as the log view lists them, Kubernetes events about them, and its tree opened.
import type {CollapsedEvent} from '../../source/core/events/event-record.js';
import type {AppEventsState} from '../../source/core/monitor/app-events.js';
import type {LogContainer, LogPod} from '../../source/core/kube/pod-containers.js';
import type {OwnedObject} from '../../source/core/tree/resource-tree.js';
import {keys, mountApp, type Mounted} from '../support/app-harness.js';
import {fleet, frontendDetail, liveSource} from './fixtures.js';

export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A ReplicaSet or Pod in shop owned by `owner` (apps group), as the shared owned watches give it. */
export function ownedChild(
	kind: 'ReplicaSet' | 'Pod',
	name: string,
	owner: {kind: string; name: string},
	health: OwnedObject['health'],
	scaledToZero = false,
): OwnedObject {
	return {
		ref: {group: kind === 'Pod' ? '' : 'apps', version: 'v1', kind, namespace: 'shop', name},
		uid: `uid-${name}`,
		owners: [{group: 'apps', kind: owner.kind, name: owner.name, uid: ''}],
		health,
		scaledToZero,
	};
}

/** A pod in shop whose container `app` runs. */
export function runningLogPod(name: string, node: string): LogPod {
	return {
		namespace: 'shop',
		name,
		node,
		phase: 'Running',
		failing: false,
		containers: [{name: 'app', init: false, restarts: 0, state: 'running', hasPrevious: false}],
	};
}

/** A pod in shop whose container `app` crash-loops (its last crash has a log), after its `init` containers. */
export function crashingLogPod(name: string, node: string, restarts: number, init: LogContainer[] = []): LogPod {
	return {
		namespace: 'shop',
		name,
		node,
		phase: 'Running',
		failing: true,
		containers: [...init, {name: 'app', init: false, restarts, state: 'waiting: CrashLoopBackOff', hasPrevious: true}],
	};
}

/** The events view's answer: these events, live. */
export function liveEvents(events: CollapsedEvent[]): AppEventsState {
	return {loading: false, source: liveSource('events'), detailError: null, targets: [], events};
}

/** A Normal event about a pod of frontend-web, seen 3 minutes ago; `fields` say otherwise. */
export function collapsedEvent(fields: Partial<CollapsedEvent> & Pick<CollapsedEvent, 'reason' | 'message'>): CollapsedEvent {
	return {
		key: fields.reason,
		namespace: 'shop',
		name: `${fields.reason}.1`,
		type: 'Normal',
		subject: {apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'frontend-web-7d9f'},
		source: 'kubelet',
		count: 1,
		firstTime: minutesAgo(30),
		lastTime: minutesAgo(3),
		objects: 1,
		...fields,
	};
}

/**
 * The fleet on prod-eu with frontend's detail and `children` owned by its workloads: Enter on frontend, `t`, and
 * the tree on screen once `ready` holds. The caller unmounts what it returns.
 */
export async function openFrontendTree(
	children: OwnedObject[],
	ready: (frame: string) => boolean,
	setup: Omit<NonNullable<Parameters<typeof mountApp>[1]>, 'details' | 'owned'> & {readonly?: boolean} = {},
): Promise<Mounted> {
	const {readonly, ...rest} = setup;
	const apps = fleet();
	const frontendId = apps[0]!.id;
	const ui = await mountApp(
		{
			context: 'prod-eu',
			contexts: ['prod-eu'],
			apps,
			sources: [liveSource('Argo CD apps')],
			updatedAt: Date.now(),
			...(readonly ? {readonly} : {}),
		},
		{...rest, details: {[frontendId]: frontendDetail()}, owned: {[frontendId]: children}},
	);
	ui.press(keys.enter);
	await ui.until(text => text.includes('detail updated'), 'detail');
	ui.press('t');
	await ui.until(ready, 'the tree');
	return ui;
}
