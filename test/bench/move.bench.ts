// `npm run bench:move`: the CPU a cursor move costs at 5 500 apps, in this process, with no cluster: the real App
// drawn by Ink as the TUI draws it (alternate screen, incremental rendering, 12 fps, colour) into a fake 160x45
// terminal. Not a test: it prints CPU per move (process.cpuUsage, which a loaded machine does not inflate the way it
// does wall time). `node --cpu-prof --import tsx test/bench/move.bench.ts` profiles it.
//
// Environment: MOVE_APPS=5500, MOVE_KEYS=60 (presses of `j`, the last ones scroll), MOVE_ROUNDS=3, MOVE_COLOR=1,
// then CPU per character typed into the filter; MOVE_DUMP=FILE (all output written there, to compare two versions byte for byte).
process.env['NODE_ENV'] ??= 'production';
process.env['FORCE_COLOR'] = process.env['MOVE_COLOR'] === '0' ? '0' : '2';
if (process.env['MOVE_COLOR'] !== '0') delete process.env['NO_COLOR'];

const {EventEmitter} = await import('node:events');
const {FakeTtyIn} = await import('../ui/tty.js');
const {render} = await import('ink');
const {createElement} = await import('react');
const {App} = await import('../../source/ui/app.js');
const {installInkRowCache} = await import('../../source/ui/terminal/ink-row-cache.js');
const {withLayoutFirstResize} = await import('../../source/ui/terminal/resize-order.js');
const {ClockContext, manualClock} = await import('../../source/ui/hooks/use-coarse-clock.js');
const {createStaticMonitor} = await import('../support/static-monitor.js');
const {makeApp, liveSource} = await import('../ui/fixtures.js');

const appCount = Number(process.env['MOVE_APPS'] ?? 5500);
const presses = Number(process.env['MOVE_KEYS'] ?? 60);
const rounds = Number(process.env['MOVE_ROUNDS'] ?? 3);
const color = process.env['MOVE_COLOR'] !== '0';
const size = {columns: 160, rows: 45};

// then CPU per character typed into the filter; MOVE_DUMP=FILE: every byte written, to compare two versions' output.
const dump: string[] | undefined = process.env['MOVE_DUMP'] ? [] : undefined;

class FakeTtyOut extends EventEmitter {
	readonly isTTY = true;
	columns = size.columns;
	rows = size.rows;
	writes = 0;
	bytes = 0;
	write = (chunk: string): boolean => {
		this.writes++;
		this.bytes += chunk.length;
		dump?.push(chunk);
		this.emit('frame');
		return true;
	};
}

// A fixed time: two runs (two versions) write the same bytes.
const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
// Like the scale bench's Argo CD apps: 50 namespaces, some out of sync, some degraded with a message.
const apps = Array.from({length: appCount}, (_, index) => {
	const name = `app-${String(index).padStart(5, '0')}`;
	return makeApp({
		name,
		kind: 'Application',
		namespace: `team-${String(index % 50).padStart(2, '0')}`,
		context: 'kind-bench',
		revision: '0123456789abcdef0123456789abcdef01234567',
		sync: index % 17 === 0 ? 'OutOfSync' : 'Synced',
		health: index % 29 === 0 ? 'Degraded' : 'Healthy',
		message: index % 29 === 0 ? 'Deployment exceeded its progress deadline' : '',
		lastChange: new Date(clock.now() - 150 * 60_000).toISOString(),
	});
});
const monitor = createStaticMonitor({
	context: 'kind-bench',
	contexts: ['kind-bench'],
	apps,
	sources: [liveSource('Argo CD'), liveSource('Flux')].map(source => ({...source, lastUpdated: clock.now()})),
	updatedAt: clock.now(),
	readonly: true,
});

const installed = await installInkRowCache();
const stdout = new FakeTtyOut();
const stdin = new FakeTtyIn();
// No JSX in this file: its runtime would be imported before NODE_ENV is set, and a development JSX runtime with a
// production React draws nothing.
const app = createElement(App, {monitor, options: {ascii: false, color, externalDiff: null}});
const instance = render(createElement(ClockContext.Provider, {value: clock}, app), {
	alternateScreen: true,
	interactive: true,
	incrementalRendering: true,
	maxFps: 12,
	exitOnCtrlC: false,
	patchConsole: false,
	stdout: withLayoutFirstResize(stdout as unknown as NodeJS.WriteStream),
	stdin: stdin as unknown as NodeJS.ReadStream,
});

const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
/** A key, then the frame it causes, then quiet past Ink's frame slot (83 ms at 12 fps). */
async function press(key: string): Promise<void> {
	const drawn = new Promise(resolve => stdout.once('frame', resolve));
	stdin.write(key);
	await Promise.race([drawn, sleep(5000)]);
	await sleep(100);
}

await sleep(500);
// Warm-up, as a real session has drawn many frames before (not measured): moves far down the list.
await press(`${pageDown.repeat(100)}${pageUp}`);
for (let move = 0; move < presses; move++) await press('j');
const results: string[] = [];
for (let round = 0; round < rounds; round++) {
	// To rows no round has been on, in one input event (one frame, not measured): each move then selects a row never
	// drawn selected before, as in a real session. Pages down leave the cursor on the window's last row; one page up
	// puts it on the first, as after `g`.
	await press(`g${pageDown.repeat(round * 5 + 1)}${pageUp}`);
	await sleep(200);
	// A move that scrolls redraws every row; one that does not, the two whose selection changed.
	const cost = {still: {cpu: 0, moves: 0}, scroll: {cpu: 0, moves: 0}};
	let bytes = 0;
	for (let move = 0; move < presses; move++) {
		const before = stdout.bytes;
		const cpu = process.cpuUsage();
		await press('j');
		const used = process.cpuUsage(cpu);
		const written = stdout.bytes - before;
		bytes += written;
		const kind = written > 4000 ? cost.scroll : cost.still;
		kind.cpu += (used.user + used.system) / 1000;
		kind.moves++;
	}
	const perMove = (cost.still.cpu + cost.scroll.cpu) / presses;
	const of = (kind: {cpu: number; moves: number}) => `${kind.moves > 0 ? (kind.cpu / kind.moves).toFixed(2) : '-'} ms x ${kind.moves}`;
	results.push(perMove.toFixed(2));
	console.log(
		`round ${round + 1}: ${perMove.toFixed(2)} ms CPU per move (still ${of(cost.still)}, scrolling ${of(cost.scroll)}; ${appCount} apps, ${Math.round(bytes / presses)} B per move, row cache ${installed ? 'on' : 'off'})`,
	);
}
console.log(`CPU per move: ${results.join(' / ')} ms`);
// Filtering, one character at a time (each narrows the list and redraws every row), as bench:scale does.
await press('g');
await press('/');
const perCharacter: string[] = [];
for (const character of 'app-0001') {
	const cpu = process.cpuUsage();
	await press(character);
	const used = process.cpuUsage(cpu);
	perCharacter.push(((used.user + used.system) / 1000).toFixed(1));
}
console.log(`CPU per filter character: ${perCharacter.join(' / ')} ms`);
instance.unmount();
instance.cleanup();
if (dump) (await import('node:fs')).writeFileSync(process.env['MOVE_DUMP']!, dump.join(''));
process.exit(0);
