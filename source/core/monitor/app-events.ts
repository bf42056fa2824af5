// One app's events, live: those about the app object and about every resource it manages (the detail says which),
// from the session's shared events feed; collapsed and newest first.
import type {AppDetail} from '../apps/detail.js';
import type {AppSummary} from '../apps/model.js';
import type {SourceState} from '../kube/source-state.js';
import type {DetailState} from './monitor.js';
import type {EventFeed} from '../events/event-feed.js';
import {collapseEvents, eventsAbout, type CollapsedEvent, type EventTarget} from '../events/event-record.js';

export type AppEventsState = {
	/** True until the feed first answered. */
	loading: boolean;
	/** The events watch: 'forbidden' says this context may not list events. */
	source: SourceState | null;
	/** Why the app's resources are not known (its detail could not be read), or null: then only the app's own events. */
	detailError: string | null;
	/** Objects whose events are shown: the app object first, then its resources. */
	targets: EventTarget[];
	/** Collapsed, newest first. */
	events: CollapsedEvent[];
};

export const loadingAppEvents: AppEventsState = Object.freeze({
	loading: true,
	source: null,
	detailError: null,
	targets: [],
	events: [],
}) as AppEventsState;

/** The app object (a Git app has none in the cluster, but naming it costs nothing) and every resource it manages. */
export function appEventTargets(app: Pick<AppSummary, 'kind' | 'namespace' | 'name'>, detail: AppDetail | null): EventTarget[] {
	const targets: EventTarget[] = [{kind: app.kind, namespace: app.namespace, name: app.name}];
	for (const resource of detail?.resources ?? []) targets.push({kind: resource.kind, namespace: resource.namespace, name: resource.name});
	return targets;
}

type FollowAppEventsOptions = {
	feed: EventFeed;
	app: () => AppSummary | undefined;
	/** Follow the app's detail (its resources): the monitor's own watchDetail. */
	watchDetail: (onChange: (state: DetailState) => void) => () => void;
	onChange: (state: AppEventsState) => void;
};

/** Follows one app's events until the returned function is called; reports only changes. */
export function followAppEvents(options: FollowAppEventsOptions): () => void {
	let detail: DetailState | null = null;
	let last = '';
	let closed = false;
	const report = () => {
		if (closed) return;
		const app = options.app();
		const feed = options.feed.state();
		const targets = app ? appEventTargets(app, detail?.detail ?? null) : [];
		const state: AppEventsState = {
			loading: feed.source.phase === 'connecting' && feed.events.size === 0,
			source: feed.source,
			detailError: detail?.error ?? null,
			targets,
			events: collapseEvents(eventsAbout(feed.events.values(), targets)),
		};
		const signature = JSON.stringify({...state, source: {...state.source, lastUpdated: null, since: null}});
		if (signature === last) return;
		last = signature;
		options.onChange(state);
	};
	const stopDetail = options.watchDetail(state => {
		detail = state;
		report();
	});
	const stopFeed = options.feed.subscribe(report);
	report();
	return () => {
		closed = true;
		stopDetail();
		stopFeed();
	};
}
