// The confirmation dialog as plain lines (pure, like the detail): where the action goes (context, namespace,
// app) first, then exactly what it will do, what to read first, and the one key that runs it.
import {actionLabels} from '../../core/actions/types.js';
import {isChoosing, toggleOn, togglesFor, type ConfirmState} from '../state/confirm-dialog.js';
import {contextSegment} from './context-label.js';
import {oneLine, wrapText} from './format.js';
import type {GlyphSet} from '../style/glyphs.js';
import {fitSegments, type Segment} from '../components/line.js';
import type {Tone} from '../style/theme.js';

export type ConfirmInput = {
	confirm: ConfirmState;
	/** The session's context: named until the plan names the one it was made for. */
	context: string;
	production: boolean;
	width: number;
	glyphs: GlyphSet;
	ascii: boolean;
};

export type ConfirmView = {
	title: Segment[];
	lines: Segment[][];
	/** Line of the first rollback target while picking, else null. */
	choiceStart: number | null;
	/** Line of the highlighted target while picking, else null. */
	selected: number | null;
};

type Lines = Segment[][];

const labelWidth = 12;

function label(text: string): Segment {
	return {text: text.padEnd(labelWidth, ' '), tone: 'muted'};
}

/** Word-wrapped under a prefix; later lines are indented to the text. */
function wrapped(prefix: string, text: string, input: ConfirmInput, tone: Tone, maxLines = 4): Lines {
	const width = Math.max(10, input.width - prefix.length);
	const parts = wrapText(oneLine(text, input.ascii), width, maxLines, input.glyphs.ellipsis);
	return parts.map((part, index) => [
		{text: index === 0 ? prefix : ' '.repeat(prefix.length), tone},
		{text: part, tone},
	]);
}

function titleText(input: ConfirmInput): string {
	const {confirm, ascii} = input;
	const {app, request, plan} = confirm;
	const title = plan?.title ?? `${actionLabels[request.kind]} ${app.kind} ${app.namespace ? `${app.namespace}/` : ''}${app.name}`;
	return oneLine(isChoosing(confirm) ? `${title}: pick the target` : title, ascii);
}

function whereLines(input: ConfirmInput, context: string, production: boolean): Lines {
	const {app, plan} = input.confirm;
	const shown = plan?.app ?? app;
	const namespace = oneLine(shown.namespace, input.ascii) || '-';
	return [
		[label('Context'), contextSegment(oneLine(context, input.ascii) || '(none)', production)],
		[label('Namespace'), {text: namespace}],
		[
			label('App'),
			{text: oneLine(`${shown.kind} ${shown.namespace ? `${shown.namespace}/` : ''}${shown.name}`, input.ascii), tone: 'title'},
		],
	];
}

function choiceLines(input: ConfirmInput): {lines: Lines; start: number} {
	const {confirm, glyphs, ascii} = input;
	const choices = confirm.plan?.choices ?? [];
	const lines: Lines = [[{text: 'Roll back to which one? j/k move, enter picks; nothing is sent yet', tone: 'heading'}]];
	const idWidth = Math.min(24, Math.max(...choices.map(choice => oneLine(choice.label, ascii).length), 2));
	for (const [index, choice] of choices.entries()) {
		const picked = index === confirm.choice;
		lines.push([
			{text: picked ? `${glyphs.cursor} ` : '  ', tone: 'accent'},
			{text: `${oneLine(choice.label, ascii).padEnd(idWidth, ' ')}  `, tone: picked ? 'title' : undefined},
			{text: oneLine(choice.detail, ascii), tone: 'muted'},
		]);
	}

	return {lines, start: 1};
}

function planLines(input: ConfirmInput, context: string, production: boolean): Lines {
	const {confirm, ascii} = input;
	const plan = confirm.plan!;
	const lines: Lines = [];
	// A refusal comes first: it is the one thing that matters, even on a screen too small for the rest.
	if (plan.refusal !== null) {
		lines.push(...wrapped('Cannot run: ', plan.refusal, input, 'error'));
		lines.push([{text: 'Nothing will be sent. esc closes.', tone: 'muted'}], []);
	}

	lines.push([{text: plan.refusal === null ? 'What will happen' : 'What it would have done', tone: 'heading'}]);
	if (plan.effects.length === 0) lines.push([{text: '  (the provider listed no effects)', tone: 'muted'}]);
	for (const effect of plan.effects) lines.push(...wrapped('  - ', effect, input, 'plain'));
	for (const warning of plan.warnings) lines.push(...wrapped('  ! ', warning, input, 'warning'));
	const toggles = togglesFor(confirm);
	if (toggles.length > 0 && plan.refusal === null) {
		lines.push([]);
		for (const toggle of toggles) {
			const on = toggleOn(plan, toggle);
			const fixed = plan.fixedParams?.[toggle.param];
			lines.push([
				{text: `  ${toggle.key}  `, tone: 'accent'},
				{text: `${toggle.label}: `},
				{text: on ? 'on' : 'off', tone: 'title'},
				{text: fixed ? `  (${oneLine(fixed, ascii)})` : `  (${toggle.key} turns it ${on ? 'off' : 'on'})`, tone: 'muted'},
			]);
		}
	}

	if (plan.refusal !== null) return lines;
	// d is offered only with a diff; without one the dialog says why, so the key's absence is not a mystery.
	if (!plan.diff) lines.push(...wrapped('  No diff: ', plan.noDiff ?? 'this action cannot show what it would change', input, 'muted'));
	else if (plan.diffAbout) lines.push(...wrapped('  d shows: ', plan.diffAbout, input, 'muted'));
	lines.push([]);
	const diff = plan.diff ? ', d shows the diff' : '';
	lines.push([
		{text: 'y', tone: 'accent'},
		{text: ' runs it on '},
		contextSegment(oneLine(context, ascii) || '(none)', production),
		{text: ` ${ascii ? '-' : '·'} esc, n or q cancels${diff}`, tone: 'muted'},
	]);
	return lines;
}

export function confirmView(input: ConfirmInput): ConfirmView {
	const {confirm, ascii} = input;
	// The plan names the context it was made for; until it arrives, the session's.
	const context = confirm.plan?.context ?? input.context;
	const production = confirm.plan?.production ?? input.production;
	const lines: Lines = [...whereLines(input, context, production), []];
	let choiceStart: number | null = null;
	if (confirm.phase === 'planning') {
		lines.push([{text: ascii ? 'preparing...' : 'preparing…', tone: 'muted'}]);
	} else if (confirm.phase === 'failed') {
		lines.push(...wrapped('Could not prepare this action: ', confirm.error ?? 'unknown error', input, 'error'));
		lines.push([{text: 'Nothing was sent. esc closes.', tone: 'muted'}]);
	} else if (isChoosing(confirm)) {
		const choices = choiceLines(input);
		choiceStart = lines.length + choices.start;
		lines.push(...choices.lines);
	} else {
		lines.push(...planLines(input, context, production));
	}

	return {
		title: [{text: titleText(input), tone: 'title'}],
		lines,
		choiceStart,
		selected: choiceStart === null ? null : choiceStart + confirm.choice,
	};
}

/** The dialog's title, saying when more of it is below the screen (y runs only once all was shown). */
export function confirmTitle(title: readonly Segment[], more: boolean, width: number, glyphs: GlyphSet): Segment[] {
	if (!more) return [...title];
	const marker: Segment = {text: `${glyphs.down} more: j`, tone: 'accent'};
	const fitted = fitSegments(title, Math.max(0, width - marker.text.length - 2), glyphs.ellipsis);
	const used = fitted.reduce((total, segment) => total + [...segment.text].length, 0);
	return [...fitted, {text: ' '.repeat(Math.max(2, width - used - marker.text.length))}, marker];
}

/** Title of the plan's diff view: which action, on which context. */
export function planDiffTitle(input: ConfirmInput): Segment[] {
	const {confirm, glyphs, ascii} = input;
	const context = confirm.plan?.context ?? input.context;
	const production = confirm.plan?.production ?? input.production;
	return [
		{text: 'Diff of ', tone: 'muted'},
		{text: titleText(input), tone: 'title'},
		{text: ` ${glyphs.separator} ctx `, tone: 'muted'},
		contextSegment(oneLine(context, ascii), production),
	];
}

/** What the plan's diff view says when it has no line to show. */
export function planDiffEmptyLines(confirm: ConfirmState, ascii: boolean): Segment[][] {
	const diff = confirm.diff;
	if (!diff || diff.phase === 'loading')
		return [[{text: ascii ? 'computing what it would change...' : 'computing what it would change…', tone: 'muted'}]];
	if (diff.phase === 'failed') return [[{text: `diff: ${oneLine(diff.error ?? 'failed', ascii)}`, tone: 'error'}]];
	if (!diff.report) return [[{text: 'no diff is available for this action', tone: 'muted'}]];
	const lines: Segment[][] = [];
	if (diff.report.errors.length === 0) lines.push([{text: 'nothing would change', tone: 'good'}]);
	else lines.push([{text: `the change is unknown: ${diff.report.errors.length} problem(s)`, tone: 'error'}]);
	for (const error of diff.report.errors) lines.push([{text: `  ! ${oneLine(error, ascii)}`, tone: 'error'}]);
	for (const warning of diff.report.warnings) lines.push([{text: `  ${oneLine(warning, ascii)}`, tone: 'warning'}]);
	return lines;
}
