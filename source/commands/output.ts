// Everything the subcommands print goes through here. Names, messages, revisions, commit subjects and a tool's
// stderr come from a cluster, a repository or a tool: a terminal must show them, never obey them. An OSC 52 or a
// screen clear in an Argo CD message could otherwise rewrite the plan above "Proceed? type yes:". So each writer
// turns control characters into visible escapes, and the colours of `painted` are the only escape sequences that
// reach the terminal raw.
import {printableLine, terminalSafeJson, terminalSafeJsonText, visibleControls} from '../core/util/terminal-text.js';

type Style = 'bold' | 'red' | 'green' | 'cyan';

/** A run of text in one colour (none: the terminal's own). */
export type Painted = {text: string; style?: Style | undefined};

type Output = {
	/** A terminal, not a pipe or a file. */
	readonly isTTY: boolean;
	/** Each entry as exactly one line: its own line breaks become spaces. */
	lines(lines: readonly string[]): void;
	/** A block of text (a diff): newlines and tabs stay. */
	text(text: string): void;
	/** A block in colour; the text of each run is cleaned like `text`. */
	painted(runs: readonly Painted[]): void;
	/** A value as indented JSON, with DEL, C1 and bidi characters escaped too (JSON.stringify leaves them raw). */
	json(value: unknown): void;
	/** JSON text as stored (JSON Lines), with the same escapes. */
	jsonText(text: string): void;
};

const sgr: Record<Style, string> = {bold: '\u001B[1m', red: '\u001B[31m', green: '\u001B[32m', cyan: '\u001B[36m'};
const reset = '\u001B[0m';

export function outputTo(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>): Output {
	const write = (chunk: string) => {
		if (chunk !== '') stream.write(chunk);
	};
	return {
		get isTTY() {
			return stream.isTTY === true;
		},
		lines: lines => write(lines.map(line => `${printableLine(line)}\n`).join('')),
		text: text => write(visibleControls(text)),
		painted: runs =>
			write(
				runs
					.map(run => (run.style && run.text !== '' ? `${sgr[run.style]}${visibleControls(run.text)}${reset}` : visibleControls(run.text)))
					.join(''),
			),
		json: value => write(`${terminalSafeJson(value, 2)}\n`),
		jsonText: text => write(terminalSafeJsonText(text)),
	};
}

/**
 * A reader that went away (`driftwatch diff APP | head`) makes the next write fail with EPIPE, an 'error' event
 * nobody listened to: a stack trace on the user's terminal. The output is no longer wanted, so the process ends
 * as a C or Go program that SIGPIPE kills does, quietly with status 141 (128 + 13), which `set -o pipefail`
 * still sees. Other write errors are left to whoever else listens (the TUI treats a hung-up terminal as SIGHUP),
 * and are thrown as before when nobody does.
 */
export function endQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(141);
		if (stream.listenerCount('error') === 1) throw error;
	});
}

export const stdout = outputTo(process.stdout);
export const stderr = outputTo(process.stderr);

/** A problem: `driftwatch: MESSAGE`, one line on stderr. */
export function problem(message: string): void {
	stderr.lines([`driftwatch: ${message}`]);
}

/** `problem`, and exit code 2 (a usage, access or input error). */
export function fail(message: string): number {
	problem(message);
	return 2;
}
