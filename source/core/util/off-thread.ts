// Pure, CPU-heavy steps (parsing a large manifest, the YAML and line diff of a large object) run in one worker
// thread, so the main thread keeps answering keys, timers and signals while they run. Small inputs stay on the
// main thread: a round trip costs more than the work.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';

/**
 * The jobs the worker runs, by name, with their input and output. Empty here: the worker's job table
 * (core/work/worker.ts) adds its jobs by module augmentation, so this client imports nothing of the parts that
 * call it (render, drift) and every call is still checked against the table.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation, which needs an interface
export interface OffThreadJobs {}

type Pending = {resolve: (output: never) => void; reject: (error: Error) => void};
type Reply = {id: number; ok: true; output: unknown} | {id: number; ok: false; message: string};

/** Inputs at least this large (characters of text, or estimated bytes of objects) go to the worker. */
export const OFF_THREAD_MIN_SIZE = 256 * 1024;
/** An idle worker is ended after this long; the next job starts a new one. */
const IDLE_MS = 30_000;

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
let idleTimer: NodeJS.Timeout | undefined;

/**
 * The worker runs TypeScript sources as the main thread does. The launcher registers tsx in the main thread
 * only, and registered hooks do not reach workers: the worker imports it itself, with the tsconfig the
 * launcher chose (TSX_TSCONFIG_PATH), unless the process was started with tsx already.
 */
function workerExecArgv(): string[] {
	const args = [...process.execArgv];
	const hasTsx = args.some((arg, index) => /tsx/.test(arg) && (args[index - 1] === '--import' || arg.startsWith('--import=')));
	if (!hasTsx) args.push('--import', import.meta.resolve('tsx/esm'));
	return args;
}

/**
 * The build (scripts/build.mjs, which defines DRIFTWATCH_BUILT_VERSION) has no worker.ts and no tsx: it ships the
 * worker as dist/worker.cjs, one CommonJS file beside the entry (this module is bundled into dist/ or, code-split,
 * dist/chunks/). In the standalone binary that file exists only embedded, and the binary's module hooks do not
 * reach workers: its text, read through the binary's fs (which answers embedded paths), is evaluated instead.
 */
function newWorker(): Worker {
	if (process.env.DRIFTWATCH_BUILT_VERSION === undefined) {
		return new Worker(new URL('../work/worker.ts', import.meta.url), {execArgv: workerExecArgv()});
	}
	const folder = new URL('.', import.meta.url);
	const file = new URL(folder.pathname.endsWith('/chunks/') ? '../worker.cjs' : 'worker.cjs', folder);
	if (!process.getBuiltinModule('node:sea')?.isSea()) return new Worker(file);
	// The map comment would name a file beside the evaluated text, which has no file.
	const source = readFileSync(fileURLToPath(file), 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
	return new Worker(source, {eval: true});
}

function start(): Worker {
	const created = newWorker();
	created.on('message', (reply: Reply) => {
		const job = pending.get(reply.id);
		if (!job) return;
		pending.delete(reply.id);
		if (reply.ok) job.resolve(reply.output as never);
		else job.reject(new Error(reply.message));
		if (pending.size === 0) idleSoon(created);
	});
	const fail = (error: Error) => {
		if (worker === created) worker = null;
		for (const job of pending.values()) job.reject(error);
		pending.clear();
	};
	created.on('error', fail);
	created.on('exit', code => fail(new Error(`the worker thread ended (exit code ${code})`)));
	return created;
}

/** An idle worker never keeps the process alive; it is ended if it stays idle. */
function idleSoon(idle: Worker): void {
	idle.unref();
	clearTimeout(idleTimer);
	idleTimer = setTimeout(() => {
		if (pending.size > 0 || worker !== idle) return;
		worker = null;
		void idle.terminate();
	}, IDLE_MS);
	idleTimer.unref();
}

/** Runs `job` in the worker thread; rejects when the job throws or the worker dies. */
export function offThread<K extends keyof OffThreadJobs>(job: K, input: OffThreadJobs[K]['input']): Promise<OffThreadJobs[K]['output']> {
	clearTimeout(idleTimer);
	worker ??= start();
	const id = nextId++;
	const target = worker;
	// A job someone waits for keeps the process alive, as any other pending work does.
	target.ref();
	return new Promise((resolve, reject) => {
		pending.set(id, {resolve, reject});
		target.postMessage({id, job, input});
	});
}

/** Ends the worker thread and rejects the jobs still running in it: nobody waits for them any more. */
export async function stopOffThread(): Promise<void> {
	clearTimeout(idleTimer);
	const current = worker;
	worker = null;
	await current?.terminate();
}

/** At least `limit` bytes of strings and scalars in `value`? Stops counting at the limit (cheap for big objects). */
export function atLeastSize(value: unknown, limit = OFF_THREAD_MIN_SIZE): boolean {
	let size = 0;
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const item = stack.pop();
		if (typeof item === 'string') size += item.length + 4;
		else if (typeof item === 'object' && item !== null) {
			for (const [key, child] of Object.entries(item)) {
				size += key.length + 4;
				stack.push(child);
			}
		} else size += 8;
		if (size >= limit) return true;
	}
	return false;
}
