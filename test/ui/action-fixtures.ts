// Plans shaped like the providers write them, for the UI's confirmation tests.
import type {AppSummary} from '../../source/core/apps/model.js';
import type {ActionChoice, ActionPlan, ActionRequest} from '../../source/core/actions/types.js';
import type {DriftReport} from '../../source/core/drift/types.js';

export const rollbackChoices: ActionChoice[] = [
	{id: '7', label: '7', detail: '0123456 deployed 2026-11-01 10:00Z (current)', current: true},
	{id: '6', label: '6', detail: 'fedcba9 deployed 2026-10-30 08:00Z  frontend: raise memory limit'},
	{id: '5', label: '5', detail: '1111111 deployed 2026-10-28 12:00Z'},
];

export type PlannerOptions = {
	context: string;
	production?: boolean;
	/** A refusal for some requests (operation running…). */
	refusal?: (request: ActionRequest) => string | null;
	/** The report the plan's diff resolves to; no diff when absent. */
	diff?: DriftReport | null;
	/** With `diff`: what it stands for. */
	diffAbout?: string;
	/** Without `diff`: why the plan has none. */
	noDiff?: string;
};

/** Every plan the UI asked for, in order, so a test can check it ran exactly the one it showed. */
export type Planner = ((request: ActionRequest) => ActionPlan) & {plans: ActionPlan[]};

const verbs: Record<string, string> = {
	sync: 'Sync',
	refresh: 'Refresh',
	'hard-refresh': 'Hard refresh',
	terminate: 'Terminate the operation of',
	rollback: 'Roll back',
	reconcile: 'Reconcile',
	suspend: 'Suspend',
	resume: 'Resume',
	'enable-auto-sync': 'Enable auto-sync of',
};

function effectsOf(request: ActionRequest): {effects: string[]; warnings: string[]} {
	const params = request.params ?? {};
	switch (request.kind) {
		case 'sync': {
			return {
				effects: ['sync to revision 0123456 (main)', `prune: ${params.prune ? 'on' : 'off'}`],
				warnings: ['owned by ApplicationSet shop-apps: it may undo changes made here'],
			};
		}

		case 'rollback': {
			if (params.to === undefined) return {effects: [], warnings: []};
			return {
				effects: [
					'auto-sync: on -> off first (A turns it back on)',
					`sync to history entry ${params.to} with the apply strategy (no hooks)`,
				],
				warnings: ['after the rollback the app stays OutOfSync with Git by design'],
			};
		}

		case 'reconcile': {
			return {
				effects: [params.withSource === false ? 'reconcile only the app' : 'reconcile GitRepository flux-system/infra first, then the app'],
				warnings: [],
			};
		}

		default: {
			return {effects: [`${request.kind} requested through the Kubernetes API`], warnings: []};
		}
	}
}

/** The switches a provider's plan offers for these actions, at the values it planned with. */
function switchesOf(request: ActionRequest): Pick<ActionPlan, 'switches'> {
	const params = request.params ?? {};
	if (request.kind === 'sync') return {switches: {prune: params.prune ?? false}};
	if (request.kind === 'reconcile') return {switches: {withSource: params.withSource !== false}};
	return {};
}

export function planner(apps: readonly AppSummary[], options: PlannerOptions): Planner {
	const plans: ActionPlan[] = [];
	const plan = (request: ActionRequest): ActionPlan => {
		const app = apps.find(candidate => candidate.id === request.appId);
		if (!app) throw new Error(`no app ${request.appId}`);
		const {effects, warnings} = effectsOf(request);
		const target = request.kind === 'rollback' && request.params?.to ? ` to ${request.params.to}` : '';
		const report = options.diff;
		const made: ActionPlan = {
			request,
			app,
			context: options.context,
			production: options.production ?? false,
			title: `${verbs[request.kind]} ${app.kind} ${app.namespace}/${app.name}${target}`,
			effects,
			warnings,
			refusal: options.refusal?.(request) ?? null,
			...switchesOf(request),
			...(request.kind === 'rollback' && request.params?.to === undefined ? {choices: rollbackChoices} : {}),
			...(report !== undefined && options.diffAbout !== undefined ? {diffAbout: options.diffAbout} : {}),
			...(report !== undefined ? {diff: async () => report} : options.noDiff !== undefined ? {noDiff: options.noDiff} : {}),
		};
		plans.push(made);
		return made;
	};

	return Object.assign(plan, {plans});
}
