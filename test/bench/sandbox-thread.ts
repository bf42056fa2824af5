// A sandbox API server on a worker thread of its own, for the benchmark's multi-context case: ten servers in the
// benchmark's own thread would hold up its reading of the TUI's output (each list of 1 000 apps is megabytes of
// JSON to write), and the TUI's times would grow by the servers' work. On a thread, as a real server in its own
// process, a server's work never delays the clock that times the TUI.
import {isMainThread, parentPort, Worker} from 'node:worker_threads';
import {startSandbox, type RecordedRequest} from '../../source/sandbox/sandbox.js';

/** Requests of a sandbox's log for the GitOps types (Argo CD, Flux), what apiserver_request_total counts of them on a real server. */
export function gitOpsRequests(requests: readonly RecordedRequest[]): number {
	return requests.filter(request => /^\/apis\/(argoproj\.io|[a-z.]*fluxcd\.io)\//.test(request.path)).length;
}

type Request = {id: number; op: 'requests' | 'close'};
type Reply = {id: number; value?: number};

export type SandboxThread = {
	/** Its kubeconfig text (context 'sandbox', current; 'sandbox-viewer'). */
	kubeconfig: string;
	url: string;
	/** Requests for the GitOps types it has answered so far (gitOpsRequests of its request log). */
	requestCount(): Promise<number>;
	close(): Promise<void>;
};

export async function startSandboxThread(): Promise<SandboxThread> {
	// The thread runs this file under the same loader (tsx) as the benchmark: execArgv is inherited.
	const worker = new Worker(new URL(import.meta.url));
	const ready = await new Promise<{kubeconfig: string; url: string}>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	let next = 0;
	const waiting = new Map<number, (reply: Reply) => void>();
	worker.on('message', (reply: Reply) => {
		waiting.get(reply.id)?.(reply);
		waiting.delete(reply.id);
	});
	const ask = (op: Request['op']) =>
		new Promise<Reply>(resolve => {
			const id = next++;
			waiting.set(id, resolve);
			worker.postMessage({id, op} satisfies Request);
		});
	return {
		...ready,
		requestCount: async () => (await ask('requests')).value ?? 0,
		async close() {
			await ask('close');
			await worker.terminate();
		},
	};
}

if (!isMainThread && parentPort) {
	const port = parentPort;
	const sandbox = await startSandbox({port: 0});
	port.postMessage({kubeconfig: sandbox.kubeconfig(), url: sandbox.url});
	port.on('message', async (request: Request) => {
		if (request.op === 'requests') port.postMessage({id: request.id, value: gitOpsRequests(sandbox.requests)} satisfies Reply);
		else {
			await sandbox.close();
			port.postMessage({id: request.id} satisfies Reply);
		}
	});
}
