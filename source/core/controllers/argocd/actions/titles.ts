// Confirmation titles: the verb, the kind and namespace/name ('Sync Application argocd/shop').
import type {ActionKind} from '../../../actions/types.js';

const verbs: Partial<Record<ActionKind, string>> = {
	sync: 'Sync',
	refresh: 'Refresh',
	'hard-refresh': 'Hard refresh',
	terminate: 'Terminate the operation of',
	rollback: 'Roll back',
	'enable-auto-sync': 'Enable auto-sync of',
};

export function actionTitle(kind: ActionKind, label: string): string {
	return `${verbs[kind] ?? kind} Application ${label}`;
}
