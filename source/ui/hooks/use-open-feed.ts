// The feed on screen (an app's events, or a timeline): followed through the monitor while it is shown, and built
// into lines for the screen. Leaving the feed unsubscribes, which stops the session's events watch when nothing
// else reads events.
import {useEffect, useState} from 'react';
import {loadingAppEvents, type AppEventsState} from '../../core/monitor/app-events.js';
import type {Monitor, MonitorSnapshot} from '../../core/monitor/monitor.js';
import {loadingTimeline, type TimelineState} from '../../core/monitor/timeline-follower.js';
import type {UiState} from '../state/ui-state.js';
import type {UiSettings} from '../style/ui-context.js';
import {eventsView, sourcesView, timelineView, type FeedLines} from '../text/feed-lines.js';
import {useRerenderAfter} from './use-coarse-clock.js';

type Followed = {key: string; events: AppEventsState | null; timeline: TimelineState | null};

export function useOpenFeed(
	monitor: Monitor,
	snapshot: MonitorSnapshot,
	state: UiState,
	screen: {width: number; now: number; settings: UiSettings},
): FeedLines | null {
	const feed = state.feed ?? null;
	const kind = feed?.kind ?? null;
	const appId = feed?.appId ?? null;
	const key = kind === null ? '' : `${kind}:${appId ?? '*'}`;
	const [followed, setFollowed] = useState<Followed>({key: '', events: null, timeline: null});
	useEffect(() => {
		// The sources are in every snapshot already: nothing to follow.
		if (kind === null || kind === 'sources') return;
		let active = true;
		const stop =
			kind === 'events'
				? appId === null
					? () => {}
					: monitor.watchEvents(appId, events => {
							if (active) setFollowed({key, events, timeline: null});
						})
				: monitor.watchTimeline(appId, timeline => {
						if (active) setFollowed({key, events: null, timeline});
					});
		return () => {
			active = false;
			stop();
		};
	}, [monitor, kind, appId, key]);

	const {glyphs, ascii} = screen.settings;
	const current = followed.key === key ? followed : null;
	let view: FeedLines | null = null;
	if (feed) {
		const app = (feed.appId === null ? null : snapshot.apps.find(candidate => candidate.id === feed.appId)) ?? feed.app;
		const common = {width: screen.width, now: screen.now, glyphs, ascii};
		if (feed.kind === 'events' && app) {
			view = eventsView({...common, app, state: current?.events ?? loadingAppEvents, scope: feed.scope});
		} else if (feed.kind === 'sources') {
			view = sourcesView({...common, snapshot});
		} else if (feed.kind === 'timeline') {
			view = timelineView({
				...common,
				app: feed.appId === null ? null : app,
				state: current?.timeline ?? loadingTimeline,
				watched: snapshot.watched?.map(context => context.name),
			});
		}
	}
	useRerenderAfter(view?.validForMs ?? Number.POSITIVE_INFINITY);
	return view;
}
