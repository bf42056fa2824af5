// A small simulated GitOps controller so the demo estate is alive: on every
// tick it advances Argo CD and Flux objects a step (see controller-argocd.ts and
// controller-flux.ts). Deterministic, bounded per tick, silent: the TUI owns
// the terminal, so errors are swallowed and the next tick simply tries again.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import {stepArgoCd} from './controller-argocd.js';
import {stepFlux} from './controller-flux.js';

type DemoControllerOptions = {
	/** Time between ticks; default 3 s. */
	intervalMs?: number;
	/** A new Git commit appears every this many ticks; default 10. */
	commitEveryTicks?: number;
	/** The demo's git environment (demoGitEnv of its temporary directory); default the same without a HOME. */
	gitEnv?: Record<string, string>;
	/** Local repositories the simulated team pushes a commit to now and then (others on this machine stay as they are). */
	commitTo?: readonly string[];
};

export type DemoController = {stop(): Promise<void>};

/** Writes one tick may make per controller. */
const writesPerTick = 40;

export function startDemoController(kc: KubeConfigLike, options: DemoControllerOptions = {}): DemoController {
	const intervalMs = options.intervalMs ?? 3000;
	const commitEvery = Math.max(1, options.commitEveryTicks ?? 10);
	let stopped = false;
	let tick = 0;
	let timer: NodeJS.Timeout | undefined;
	let inFlight: Promise<void> | undefined;

	async function runTick(): Promise<void> {
		const current = tick++;
		// Each half on its own: a failing Flux pass must not starve Argo CD.
		await stepArgoCd(kc, new Budget(writesPerTick), options.gitEnv).catch(() => undefined);
		if (stopped) return;
		await stepFlux(kc, new Budget(writesPerTick), current, commitEvery, options.gitEnv, options.commitTo).catch(() => undefined);
	}

	function schedule(): void {
		if (stopped) return;
		timer = setTimeout(() => {
			inFlight = runTick().finally(() => {
				inFlight = undefined;
				schedule();
			});
		}, intervalMs);
		// The demo's UI keeps the process alive; the controller alone must not.
		timer.unref();
	}

	schedule();
	return {
		async stop() {
			stopped = true;
			if (timer !== undefined) clearTimeout(timer);
			await inFlight;
		},
	};
}

/** A cap on the writes one controller pass makes, so a big estate cannot stall a tick. */
export class Budget {
	#left: number;

	constructor(writes: number) {
		this.#left = writes;
	}

	/** Spend one unit; false once the pass has used them all. */
	take(): boolean {
		if (this.#left <= 0) return false;
		this.#left--;
		return true;
	}
}
