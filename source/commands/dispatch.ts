import {problem, stderr} from './output.js';
import {errorText} from '../core/util/error-text.js';

export type Subcommand =
	| 'tui'
	| 'status'
	| 'diff'
	| 'tree'
	| 'events'
	| 'timeline'
	| 'logs'
	| 'sandbox'
	| 'demo'
	| ActionSubcommand
	| 'log'
	| 'version'
	| 'completion';

/** Subcommands that act on one app (they plan, confirm and run a mutating action). */
export type ActionSubcommand = 'sync' | 'refresh' | 'rollback' | 'suspend' | 'resume' | 'reconcile' | 'terminate';

export const actionSubcommands: readonly ActionSubcommand[] = [
	'sync',
	'refresh',
	'rollback',
	'suspend',
	'resume',
	'reconcile',
	'terminate',
];

export const subcommands: readonly Subcommand[] = [
	'status',
	'diff',
	'tree',
	'events',
	'timeline',
	'logs',
	'sandbox',
	'demo',
	...actionSubcommands,
	'log',
	'version',
	'completion',
];

const appHint = '(APP: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME)';

/** How many positional arguments each subcommand takes after its name (APP for diff; 'optional': none or one). */
export const positionalArguments: Record<
	Subcommand,
	{count: 0; usage: string} | {count: 1 | 'optional'; argument: 'APP' | 'SHELL'; usage: string}
> = {
	tui: {count: 0, usage: 'driftwatch [flags]'},
	status: {count: 0, usage: 'driftwatch status [--json]'},
	diff: {count: 1, argument: 'APP', usage: 'driftwatch diff APP   (APP: NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME)'},
	tree: {count: 1, argument: 'APP', usage: `driftwatch tree APP [--json]   ${appHint}`},
	events: {count: 1, argument: 'APP', usage: `driftwatch events APP [--json]   ${appHint}`},
	timeline: {count: 'optional', argument: 'APP', usage: `driftwatch timeline [APP] [--since 1h] [--json]   ${appHint}`},
	logs: {
		count: 1,
		argument: 'APP',
		usage: `driftwatch logs APP [--resource KIND/NAME] [--container C] [--previous] [--tail N] [-f] [--controller]   ${appHint}`,
	},
	sandbox: {count: 0, usage: 'driftwatch sandbox [--empty] [--clusters N]'},
	demo: {count: 0, usage: 'driftwatch demo [--clusters N]'},
	sync: {count: 1, argument: 'APP', usage: `driftwatch sync APP [--prune|--no-prune] [--yes] [--wait]   ${appHint}`},
	refresh: {count: 1, argument: 'APP', usage: `driftwatch refresh APP [--hard] [--yes] [--wait]   ${appHint}`},
	rollback: {count: 1, argument: 'APP', usage: `driftwatch rollback APP --to ID|REV [--yes] [--wait]   ${appHint}`},
	suspend: {count: 1, argument: 'APP', usage: `driftwatch suspend APP [--yes] [--wait]   ${appHint}`},
	resume: {count: 1, argument: 'APP', usage: `driftwatch resume APP [--yes] [--wait]   ${appHint}`},
	reconcile: {count: 1, argument: 'APP', usage: `driftwatch reconcile APP [--yes] [--wait]   ${appHint}`},
	terminate: {count: 1, argument: 'APP', usage: `driftwatch terminate APP [--yes] [--wait]   ${appHint}`},
	log: {count: 0, usage: 'driftwatch log [--json] [--file PATH]'},
	version: {count: 0, usage: 'driftwatch version'},
	completion: {count: 1, argument: 'SHELL', usage: 'driftwatch completion bash|zsh|fish'},
};

/**
 * The one line for a command line whose words do not fit: an unknown command, or a subcommand given more or
 * fewer arguments than it takes (naming what it takes, then its usage). Null when they fit.
 */
export function commandLineProblem(words: readonly string[]): string | null {
	const [name = 'tui', ...positional] = words;
	if (name !== 'tui' && !subcommands.includes(name as Subcommand)) return `unknown command "${name}" (try --help)`;
	const wanted = positionalArguments[name as Subcommand];
	if (positional.length === wanted.count || (wanted.count === 'optional' && positional.length <= 1)) return null;
	const given = positional.map(word => `"${word}"`).join(' ');
	const what = name === 'tui' ? 'driftwatch without a subcommand' : name;
	if (wanted.count === 0) return `${what} takes no arguments (got ${given}); usage: ${wanted.usage}`;
	if (positional.length === 0 && wanted.count === 1) return `${name} needs ${wanted.argument}; usage: ${wanted.usage}`;
	return `${name} takes one ${wanted.argument} (got ${positional.length}: ${given}); usage: ${wanted.usage}`;
}

/** Run a subcommand; any failure becomes one line on stderr and exit 2, never a stack trace. */
export async function runReportingErrors(run: () => Promise<number>): Promise<number> {
	try {
		return await run();
	} catch (error) {
		const message = errorText(error);
		problem(message);
		if (process.env.DRIFTWATCH_DEBUG && error instanceof Error) stderr.text(`${error.stack}\n`);
		return 2;
	}
}
