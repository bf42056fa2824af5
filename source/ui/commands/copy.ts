// `c` copies the command line that does or shows what is selected (the app's main action on the list and detail,
// the action being confirmed in the dialog), through OSC 52, and shows it in the footer for terminals that refuse
// OSC 52. `a` acknowledges the header's notice of apps that turned Degraded or OutOfSync.
import {equivalentCommand, type CommandTarget} from '../../core/copy/equivalent-command.js';
import {isAppNode, selectedTreeNode} from '../state/tree-nav.js';
import {cursorIndex, withInfo, type UiState} from '../state/ui-state.js';
import {char} from './keys.js';
import type {Command, CommandEnv} from './types.js';

/**
 * What `c` is about on this screen. Screens that select something finer (a resource, a pod and its container)
 * answer here with a resource or logs target.
 */
export function copyTargetOf(state: UiState, env: CommandEnv): CommandTarget | null {
	const latest = (id: string) => env.snapshot.apps.find(app => app.id === id);
	if (state.confirm) {
		const {confirm} = state;
		// The plan's switches are the values it was made with (prune on or off…), the request's what was asked.
		const params = {...confirm.plan?.switches, ...confirm.request.params};
		return {type: 'app', app: latest(confirm.app.id) ?? confirm.app, action: confirm.request.kind, params};
	}
	if (state.screen === 'diff' && state.diff) return {type: 'app', app: latest(state.diff.id) ?? state.diff.app};
	if (state.screen === 'tree' && state.detail) {
		const node = selectedTreeNode(state, env);
		if (node && !isAppNode(node, state.detail.app)) {
			const resource = {group: node.group, kind: node.kind, namespace: node.namespace || null, name: node.name};
			return {type: 'resource', resource};
		}
		return {type: 'app', app: latest(state.detail.id) ?? state.detail.app};
	}
	if (state.screen === 'logs' && state.logs) {
		// The container on screen, as shown (the last crash with p); the controller's lines have no kubectl logs line.
		const shown = env.logs?.choices[env.logs.current];
		if (state.logs.source === 'pod' && shown) {
			return {type: 'logs', namespace: shown.namespace, pod: shown.pod, container: shown.container, previous: state.logs.previous};
		}
		return {type: 'app', app: latest(state.logs.appId) ?? state.logs.app};
	}
	if (state.screen === 'detail' && state.detail) return {type: 'app', app: latest(state.detail.id) ?? state.detail.app};
	const visible = env.visible(state);
	const app = visible[cursorIndex(state, visible)];
	return app ? {type: 'app', app} : null;
}

function copyCommand(state: UiState, env: CommandEnv): UiState {
	const target = copyTargetOf(state, env);
	const line = target === null ? null : equivalentCommand(target);
	if (line === null) return withInfo(state, target === null ? 'no app selected' : 'no command line does this');
	env.copyText(line);
	return withInfo(state, `copied: ${line}`);
}

export const copyCommands: readonly Command[] = [
	{
		id: 'copy-command',
		description: 'Copy the kubectl/argocd/flux command (OSC 52)',
		modes: ['list', 'detail', 'diff', 'confirm'],
		// No palette name: `:c` Tab completes `:ctx`, as it always has.
		keys: [char('c')],
		run: copyCommand,
	},
	{
		id: 'tree-copy',
		description: 'Copy `kubectl get` of the selected node',
		modes: ['tree'],
		keys: [char('c')],
		run: copyCommand,
	},
	{
		id: 'log-copy',
		description: 'Copy the `kubectl logs` line of the container shown',
		modes: ['logs'],
		keys: [char('c')],
		run: copyCommand,
	},
	{
		id: 'acknowledge-changes',
		description: 'Seen: clear the notice of new Degraded/OutOfSync apps',
		modes: ['list', 'detail', 'diff'],
		keys: [char('a')],
		palette: {name: 'seen'},
		run: (state, env) => {
			if (env.changeCount === 0) return withInfo(state, 'no new Degraded or OutOfSync apps to acknowledge');
			env.acknowledgeChanges();
			return state;
		},
	},
];
