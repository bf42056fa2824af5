// Everything the log view needs in a frame: its data (use-log-view), its rows laid out for the width, what the
// commands read of it (LogEnv), and the title, empty text and picker lines the screen draws.
import {useMemo} from 'react';
import type {ManagedResource} from '../../core/apps/detail.js';
import type {Monitor} from '../../core/monitor/monitor.js';
import {type LogEnv, matchingLines} from '../commands/logs.js';
import type {Segment} from '../components/line.js';
import type {ScreenLayout} from '../screens/layout.js';
import type {LogViewState} from '../state/ui-state.js';
import {type LogLayout, layoutLogRows, logTitle, pickerLine} from '../text/log-lines.js';
import {useLogView} from './use-log-view.js';

export type LogScreenModel = {
	env: LogEnv;
	title: Segment[];
	layout: LogLayout;
	empty: string | null;
	picker: readonly string[] | null;
};

export function useLogScreen(
	monitor: Monitor,
	logs: LogViewState | null,
	resources: readonly ManagedResource[] | null,
	screen: ScreenLayout,
): LogScreenModel | null {
	const view = useLogView(monitor, logs, resources);
	const wrap = logs?.wrap ?? false;
	const layout = useMemo(() => layoutLogRows(view.entries, screen.width, wrap), [view.entries, screen.width, wrap]);
	const lines = useMemo(() => view.entries.map(entry => entry.text), [view.entries]);
	if (!logs) return null;
	const choices = (view.pods ?? []).flatMap(pod => pod.containers.map(container => ({pod, container})));
	const current = view.target
		? choices.findIndex(choice => choice.pod.name === view.target!.pod.name && choice.container.name === view.target!.container.name)
		: -1;
	const matches = logs.search ? matchingLines(lines, logs.search) : [];
	const env: LogEnv = {
		lines,
		rowCount: layout.rows.length,
		rowOfLine: line => layout.rowOfLine[line] ?? 0,
		rows: Math.max(0, screen.bodyLines - 1),
		choices: choices.map(choice => ({namespace: choice.pod.namespace, pod: choice.pod.name, container: choice.container.name})),
		current,
	};
	let empty: string | null = null;
	if (logs.source === 'pod') {
		if (view.podsError) empty = view.podsError;
		else if (view.pods === null) empty = 'finding the pods…';
		else if (view.pods.length === 0)
			empty = `no pods for ${logs.resource ? `${logs.resource.kind}/${logs.resource.name}` : `${logs.app.name}'s resources`}`;
	}
	empty ??= view.ended ? '(the log is empty)' : view.status === 'following' ? '(no lines yet; new ones appear here)' : 'reading the log…';
	return {
		env,
		title: logTitle(logs, view.target, view.status, {count: matches.length, index: matches.indexOf(logs.match)}),
		layout,
		empty,
		picker: logs.picker ? choices.map(choice => pickerLine(choice.pod, choice.container)) : null,
	};
}
