// The feeds: `e` shows the open app's Kubernetes events, `H` the timeline (of the open app in the detail, of all
// apps from the list); both scroll like any text screen and Esc goes back to where they were opened.
import {clamp, cursorIndex, withInfo, type FeedView, type UiState} from '../state/ui-state.js';
import {char, named} from './keys.js';
import type {Command, CommandEnv} from './types.js';
import type {AppSummary} from '../../core/apps/model.js';
import type {EventTarget} from '../../core/events/event-record.js';
import {isAppNode, selectedTreeNode} from '../state/tree-nav.js';

export function scrollFeed(state: UiState, env: CommandEnv, delta: number): UiState {
	if (!state.feed) return state;
	const max = Math.max(0, (env.feedLineCount ?? 0) - env.scrollRows);
	return {...state, feed: {...state.feed, scroll: clamp(state.feed.scroll + delta, 0, max)}};
}

/** The app a feed opened here is about: the open app in the detail (or under a feed), else the list cursor's. */
function appHere(state: UiState, env: CommandEnv): AppSummary | null {
	if (state.feed?.app) return state.feed.app;
	if ((state.screen === 'detail' || state.screen === 'tree') && state.detail) return state.detail.app;
	const visible = env.visible(state);
	return visible[cursorIndex(state, visible)] ?? null;
}

function openFeed(state: UiState, feed: Omit<FeedView, 'scroll' | 'from'>): UiState {
	const from = state.screen === 'detail' || state.screen === 'tree' ? state.screen : 'list';
	return {...state, input: null, help: false, feed: {...feed, scroll: 0, from}};
}

/** The resource picked in the detail (its ref key, `group/kind/namespace/name`), as what events are about. */
function selectedResource(state: UiState): EventTarget | null {
	if (state.screen !== 'detail' || !state.detail?.selected) return null;
	const [, kind, namespace, name] = state.detail.selected.split('/');
	return kind && name ? {kind, namespace: namespace ?? '', name} : null;
}

/** The node under the tree's cursor as what events are about; null on the root (the app: all its events). */
function selectedNodeTarget(state: UiState, env: CommandEnv): EventTarget | null {
	const node = selectedTreeNode(state, env);
	if (!node || (state.detail && isAppNode(node, state.detail.app))) return null;
	return {kind: node.kind, namespace: node.namespace, name: node.name};
}

/** The open app's events: of the resource picked in the detail when one is (`a` then widens to the whole app). */
function openEvents(state: UiState, env: CommandEnv): UiState {
	const app = appHere(state, env);
	if (!app) return withInfo(state, 'no app selected');
	const scope = state.screen === 'tree' ? selectedNodeTarget(state, env) : selectedResource(state);
	return openFeed(state, {kind: 'events', appId: app.id, app, scope});
}

/** `e` on the tree: the selected node's events (the root: the whole app's); Esc comes back to the tree. */
export const treeEventsCommand: Command = {
	id: 'tree-events',
	description: "Events of the selected node (a: the whole app's)",
	modes: ['tree'],
	keys: [char('e')],
	hint: 'events',
	run: openEvents,
};

/** From the detail (or an app's events): that app's timeline; from the list: every app's. */
function openTimeline(state: UiState, env: CommandEnv): UiState {
	const forApp = state.screen === 'detail' || state.feed?.kind === 'events';
	const app = forApp ? appHere(state, env) : null;
	return openFeed(state, {kind: 'timeline', appId: app?.id ?? null, app, scope: null});
}

export const openEventsCommand: Command = {
	id: 'events',
	description: "The app's Kubernetes events, newest first",
	modes: ['detail', 'timeline'],
	keys: [char('e')],
	hint: 'events',
	when: state => state.feed?.kind !== 'timeline' || state.feed.app !== null,
	palette: {name: 'events', aliases: ['ev']},
	run: openEvents,
};

export const openTimelineCommand: Command = {
	id: 'timeline',
	description: 'Timeline: commits, syncs, changes, warnings, actions',
	modes: ['list', 'detail', 'events'],
	keys: [char('H')],
	hint: 'timeline',
	palette: {name: 'timeline'},
	run: openTimeline,
};

/**
 * `i`: the sources of every watched context — each watched type, its state, since when and why — the header's
 * one-line summary expanded. Hinted while several contexts are watched, where the header can only summarise.
 */
export const openSourcesCommand: Command = {
	id: 'sources',
	description: "Each context's sources and their state",
	modes: ['list', 'detail'],
	keys: [char('i')],
	hint: (_state, _offer, env) => ((env.snapshot.watched?.length ?? 0) > 1 ? 'contexts' : null),
	// Kept at 80 columns: with several contexts it is the way to see which one is down, and why.
	hintPriority: 0,
	palette: {name: 'sources', aliases: ['contexts']},
	run: state => openFeed(state, {kind: 'sources', appId: null, app: null, scope: null}),
};

export const feedCommands: readonly Command[] = [
	{
		id: 'timeline-scope',
		description: 'Timeline: this app or all apps',
		modes: ['timeline'],
		keys: [char('a')],
		hint: 'all/app',
		when: state => state.feed?.app !== null || state.feed?.from === 'detail' || state.feed?.from === 'tree',
		run: state => {
			const feed = state.feed;
			if (!feed) return state;
			const app = feed.app ?? (state.detail?.app || null);
			return {...state, feed: {...feed, appId: feed.appId === null ? (app?.id ?? null) : null, app, scroll: 0}};
		},
	},
	{
		id: 'events-scope',
		description: 'Events: the whole app instead of one resource',
		modes: ['events'],
		keys: [char('a')],
		hint: 'whole app',
		when: state => state.feed?.scope != null,
		run: state => (state.feed ? {...state, feed: {...state.feed, scope: null, scroll: 0}} : state),
	},
	{
		id: 'close-feed',
		description: 'Back',
		modes: ['events', 'timeline', 'sources'],
		keys: [named('escape'), char('q')],
		hint: 'back',
		hintPriority: 0,
		run: state => ({...state, feed: null}),
	},
];
