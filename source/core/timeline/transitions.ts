// Health, sync and applied-revision changes of every app, recorded from the store's snapshots while driftwatch
// runs: the controllers keep no such history (Argo CD's history lists syncs, not health), so what is not seen
// here is not known.
import type {AppSummary} from '../apps/model.js';
import {appPath} from '../controllers/app-ref.js';
import type {Transition} from './timeline.js';

/** Transitions kept, oldest dropped first: hours of a busy estate, bounded memory. */
const defaultLimit = 2000;

type Observed = {health: string; sync: string; revision: string};

export class TransitionRecorder {
	readonly #last = new Map<string, Observed>();
	#transitions: Transition[] = [];
	readonly #limit: number;

	constructor(limit = defaultLimit) {
		this.#limit = limit;
	}

	/**
	 * Compare with the apps last seen. An app seen for the first time sets its baseline (its state then is not a
	 * change); an app that left is forgotten. `apps` unchanged since the last call (same array) costs nothing.
	 */
	observe(apps: readonly AppSummary[], now: number = Date.now()): void {
		const time = new Date(now).toISOString();
		const present = new Set<string>();
		for (const app of apps) {
			present.add(app.id);
			const next: Observed = {health: app.health, sync: app.sync, revision: app.revision};
			const previous = this.#last.get(app.id);
			this.#last.set(app.id, next);
			if (!previous) continue;
			for (const field of ['health', 'sync', 'revision'] as const) {
				if (previous[field] === next[field]) continue;
				// A revision first learned (empty before) is not a new deployment.
				if (field === 'revision' && (previous.revision === '' || next.revision === '')) continue;
				this.#transitions.push({time, appId: app.id, app: appPath(app), field, from: previous[field], to: next[field]});
			}
		}
		for (const id of this.#last.keys()) if (!present.has(id)) this.#last.delete(id);
		if (this.#transitions.length > this.#limit) this.#transitions = this.#transitions.slice(-this.#limit);
	}

	/** Every transition kept, oldest first. */
	transitions(): readonly Transition[] {
		return this.#transitions;
	}

	/** A new session (another context or namespace): what was seen there is not this one's. */
	clear(): void {
		this.#last.clear();
		this.#transitions = [];
	}
}
