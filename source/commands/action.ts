// `driftwatch sync|refresh|rollback|suspend|resume|reconcile|terminate APP`: plan the action, show the plan on
// stderr, confirm (--yes, or typing yes on a terminal), run it. Without --wait it returns once the API server
// accepted the request (the controller acts later); with --wait it follows the app, as the TUI's row does, until
// the controller answered. Exit 0 done, 1 the action (or, with --wait, the controller) failed, 2 usage or access
// error (refused, read-only, 403, not confirmed) or --wait's time ran out.
import {createInterface} from 'node:readline/promises';
import type {ActionKind, ActionParams, ActionPlan} from '../core/actions/types.js';
import {appPath} from '../core/controllers/app-ref.js';
import {awaitActionAnswer} from '../core/monitor/action-answer.js';
import {GitRepos} from '../core/git/git-repos.js';
import type {DriftwatchConfig} from '../core/native/config-types.js';
import {withApp} from './app-session.js';
import {fail, problem, stderr, stdout} from './output.js';
import type {ClusterFlags} from './options.js';

export type ActionCommand = 'sync' | 'refresh' | 'rollback' | 'suspend' | 'resume' | 'reconcile' | 'terminate';

/** --wait without --timeout: as long as `flux reconcile` waits by default. */
export const defaultWaitMs = 5 * 60_000;

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
	/** --wait: return once the controller answered (or --timeout, default 5m, ran out), not once the request was accepted. */
	wait?: boolean | undefined;
	/** --timeout with --wait: the longest wait for the answer. */
	waitTimeoutMs?: number | undefined;
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
		// Waiting needs the app's changes as they come: the watches the TUI's rows follow.
		watch: flags.wait === true,
	};
	// The same monitor and action service as the TUI: one place plans, refuses, audits and runs.
	return withApp(flags, options, async ({monitor, app}) => {
		const plan = await monitor.planAction({kind, appId: app.id, params});
		// Nothing to terminate (or not an Argo CD app): the one line says it all.
		if (kind === 'terminate' && plan.refusal !== null) return fail(`${plan.title}: ${plan.refusal}`);
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
		if (!outcome.ok) {
			problem(`${plan.title} failed: ${outcome.message}`);
			return outcome.refused || outcome.forbidden ? 2 : 1;
		}
		if (flags.wait !== true) {
			stdout.lines([`${plan.title}: ${outcome.message}`]);
			return 0;
		}
		stderr.lines([`${plan.title}: ${outcome.message}; waiting for the controller`]);
		const timeoutMs = flags.waitTimeoutMs ?? defaultWaitMs;
		const answer = await awaitActionAnswer(monitor, app.id, {
			timeoutMs,
			onProgress: progress => stderr.lines([`  ${progress.message}`]),
		});
		if (answer.outcome === 'succeeded') {
			stdout.lines([`${plan.title}: ${answer.message}`]);
			return 0;
		}
		if (answer.outcome === 'failed') {
			problem(`${plan.title} failed: ${answer.message}`);
			return 1;
		}
		const last = answer.message === '' ? '' : ` (last: ${answer.message})`;
		problem(`${plan.title}: no answer from the controller within ${durationText(timeoutMs)}${last}`);
		return 2;
	});
}

/** 300000 → '5m', 90000 → '1m30s', 2500 → '2.5s': as --timeout is written. */
export function durationText(ms: number): string {
	if (ms < 1000) return `${ms}ms`;
	const hours = Math.floor(ms / 3_600_000);
	const minutes = Math.floor((ms % 3_600_000) / 60_000);
	const seconds = (ms % 60_000) / 1000;
	return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''].join('');
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
