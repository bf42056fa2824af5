// The row cache must never change what reaches the terminal: every frame is byte for byte what Ink's own code
// draws, whatever changed since the last one (a row, a position, a clip, a style, wide characters, a resize).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cachedGet, installInkRowCache} from '../../source/ui/terminal/ink-row-cache.js';

type Transformer = (line: string, index: number) => string;
type Output = {
	width: number;
	height: number;
	operations: unknown[];
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};
type OutputClass = (new (options: {width: number; height: number}) => Output) & {prototype: Output};

const Output = ((await import(new URL('./output.js', import.meta.resolve('ink')).href)) as {default: OutputClass}).default;
const inkGet = Output.prototype.get;
const colour = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;
const style = {red: colour(31, 39), green: colour(32, 39), gray: colour(90, 39), bold: colour(1, 22), inverse: colour(7, 27)};
const red: Transformer = line => style.red(line);
const inverse: Transformer = line => style.inverse(line);
const numbered: Transformer = (line, index) => `${index}:${line}`;

type Write = [x: number, y: number, text: string, transformers?: Transformer[]];
type Frame = {width: number; height: number; steps: Array<Write | 'unclip' | {x1?: number; x2?: number; y1?: number; y2?: number}>};

function build(frame: Frame): Output {
	const output = new Output({width: frame.width, height: frame.height});
	for (const step of frame.steps) {
		if (step === 'unclip') output.unclip();
		else if (Array.isArray(step)) output.write(step[0], step[1], step[2], {transformers: step[3] ?? []});
		else output.clip(step);
	}
	return output;
}

const rows = (count: number, mark: string): Write[] =>
	Array.from({length: count}, (_, row) => [
		0,
		row + 1,
		`${row === 3 ? mark : ' '} ${style.green('●')} app-${row} ${style.gray('argocd')}`,
		[row === 3 ? inverse : red],
	]);

const base: Frame = {
	width: 40,
	height: 10,
	steps: [
		[0, 0, `${style.bold('driftwatch')} ctx prod`, [red]],
		{y1: 0, y2: 9},
		...rows(7, '>'),
		'unclip',
		[0, 8, 'two\nlines', [numbered]],
		[30, 9, 'wide 应用 text runs past the edge'],
	],
};

// Each frame differs from the one before in one way; each must come out as Ink draws it.
const frames: Frame[] = [
	base,
	base,
	{...base, steps: base.steps.map(step => (Array.isArray(step) && step[1] === 4 ? [0, 4, step[2].replace('>', ' '), [red]] : step))},
	{...base, steps: base.steps.map(step => (Array.isArray(step) && step[1] === 2 ? [1, 2, step[2], step[3]] : step))},
	{...base, steps: base.steps.map(step => (Array.isArray(step) && step[1] === 2 ? [1, 2, step[2], [inverse]] : step))},
	{...base, steps: base.steps.map(step => (!Array.isArray(step) && step !== 'unclip' ? {x1: 2, x2: 20, y1: 1, y2: 5} : step))},
	{...base, steps: [...base.steps, [3, 1, 'over 应用', [inverse]], [4, 1, 'x']]},
	{...base, width: 30, height: 6},
	// Scrolled: every list row one line up, the clip where it was.
	{
		...base,
		steps: base.steps.map(step => (Array.isArray(step) && step[1] >= 1 && step[1] <= 7 ? [step[0], step[1] - 1, step[2], step[3]] : step)),
	},
	// The same rows with the clip's bottom edge moved up: rows below it now blank.
	{...base, steps: base.steps.map(step => (!Array.isArray(step) && step !== 'unclip' ? {y1: 0, y2: 4} : step))},
	base,
];

test('frames drawn through the row cache are the frames Ink draws, one after another', () => {
	for (const [index, frame] of frames.entries()) {
		const expected = inkGet.call(build(frame));
		const got = cachedGet(build(frame) as never, output => inkGet.call(output as unknown as Output));
		assert.equal(got.output, expected.output, `frame ${index}`);
		assert.equal(got.height, expected.height, `frame ${index}`);
	}
});

test('a frame that repeats the last one is drawn without Ink drawing any row again', () => {
	cachedGet(build(base) as never, output => inkGet.call(output as unknown as Output));
	let drawn = 0;
	const again = cachedGet(build(base) as never, output => {
		drawn++;
		return inkGet.call(output as unknown as Output);
	});
	assert.equal(drawn, 0);
	assert.equal(again.output, inkGet.call(build(base)).output);
});

test("Ink's Output is where the cache expects it, so the TUI gets it (an Ink upgrade that moves it fails here)", async () => {
	assert.equal(await installInkRowCache(), true);
	assert.notEqual(Output.prototype.get, inkGet);
	assert.equal(build(frames[2]!).get().output, inkGet.call(build(frames[2]!)).output);
});
