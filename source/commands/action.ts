// `driftwatch sync|refresh|rollback|suspend|resume|reconcile APP`: plan the action, show the plan on stderr,
// confirm (--yes, or typing yes on a terminal), run it. Exit 0 done, 1 the action failed, 2 usage or access
// error (refused, read-only, 403, not confirmed).
import {createInterface} from 'node:readline/promises';
import type {ActionKind, ActionParams, ActionPlan} from '../core/actions/types.js';
import {appPath} from '../core/controllers/app-ref.js';
import {GitRepos} from '../core/git/git-repos.js';
import type {DriftwatchConfig} from '../core/native/config-types.js';
import {withApp} from './app-session.js';
import {fail, problem, stderr, stdout} from './output.js';
import type {ClusterFlags} from './options.js';

export type ActionCommand = 'sync' | 'refresh' | 'rollback' | 'suspend' | 'resume' | 'reconcile';

export type ActionFlags = ClusterFlags & {
	command: ActionCommand;
	/** APP: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME. */
	app: string;
	/** Confirmed beforehand: no question asked. */
	yes: boolean;
	/** Refuse every action (nothing is sent), as `readonly: true` in the config does. */
	readonly: boolean;
	/** sync/rollback: --prune / --no-prune; undefined = the app's default. */
	prune?: boolean | undefined;
	/** refresh --hard. */
	hard?: boolean | undefined;
	/** rollback --to ID|REV. */
	to?: string | undefined;
};

function requestOf(flags: ActionFlags): {kind: ActionKind; params: ActionParams} {
	switch (flags.command) {
		case 'sync':
			return {kind: 'sync', params: flags.prune === undefined ? {} : {prune: flags.prune}};
		case 'refresh':
			return {kind: flags.hard ? 'hard-refresh' : 'refresh', params: {}};
		case 'rollback':
			return {kind: 'rollback', params: {...(flags.to ? {to: flags.to} : {}), ...(flags.prune === undefined ? {} : {prune: flags.prune})}};
		case 'reconcile':
			return {kind: 'reconcile', params: {withSource: true}};
		default:
			return {kind: flags.command, params: {}};
	}
}

export async function runAction(flags: ActionFlags): Promise<number> {
	const {kind, params} = requestOf(flags);
	const options = {
		timeoutMs: flags.timeoutMs ?? 15_000,
		compareNamed: false,
		git: (config: DriftwatchConfig) => new GitRepos({pollSeconds: config.gitPollSeconds, fetchTimeoutMs: config.gitTimeoutSeconds * 1000}),
		// Refused by the monitor's action service, as in the TUI (the config can make single contexts read-only).
		readonly: flags.readonly,
	};
	// The same monitor and action service as the TUI: one place plans, refuses, audits and runs.
	return withApp(flags, options, async ({monitor, app}) => {
		const plan = await monitor.planAction({kind, appId: app.id, params});
		printPlan(plan);
		if (plan.refusal !== null) return fail(plan.refusal);
		if (kind === 'rollback' && !params.to) {
			printChoices(plan);
			return fail('rollback: choose the target with --to ID|REV');
		}
		const confirmed = await confirm(flags.yes);
		if (confirmed !== true)
			return fail(confirmed === 'no-tty' ? 'not a terminal: add --yes to confirm' : 'not confirmed: nothing was sent');
		const outcome = await monitor.runAction(plan);
		if (outcome.ok) {
			stdout.lines([`${plan.title}: ${outcome.message}`]);
			return 0;
		}
		problem(`${plan.title} failed: ${outcome.message}`);
		return outcome.refused || outcome.forbidden ? 2 : 1;
	});
}

/** The confirmation's content, on stderr (stdout keeps only the result); one line per field, whatever it holds. */
function printPlan(plan: ActionPlan): void {
	const lines = [
		plan.title,
		`  context:   ${plan.context}${plan.production ? '   *** PRODUCTION ***' : ''}`,
		`  namespace: ${plan.app.namespace}`,
		`  app:       ${appPath(plan.app)}`,
	];
	if (plan.effects.length > 0) lines.push('  effects:', ...plan.effects.map(effect => `    - ${effect}`));
	if (plan.warnings.length > 0) lines.push('  warnings:', ...plan.warnings.map(warning => `    ! ${warning}`));
	stderr.lines(lines);
}

function printChoices(plan: ActionPlan): void {
	const choices = plan.choices ?? [];
	if (choices.length === 0) return;
	stderr.lines(['  targets (--to):', ...choices.map(choice => `    ${choice.id}  ${choice.label}`)]);
}

/** true, or why not: no terminal to ask on, or the answer was not `yes`. */
async function confirm(yes: boolean): Promise<true | 'no-tty' | 'declined'> {
	if (yes) return true;
	if (!process.stdin.isTTY) return 'no-tty';
	const prompt = createInterface({input: process.stdin, output: process.stderr});
	try {
		const answer = await prompt.question('Proceed? type yes: ');
		return answer.trim() === 'yes' ? true : 'declined';
	} finally {
		prompt.close();
	}
}
