// Health, sync and applied-revision changes of every app, recorded from the store's snapshots while driftwatch
// runs: the controllers keep no such history (Argo CD's history lists syncs, not health), so what is not seen
// here is not known.
import type {AppSummary} from '../apps/model.js';
import {appPath} from '../controllers/app-ref.js';
import type {Transition} from './timeline.js';

/** Transitions kept, oldest dropped first: hours of a busy estate, bounded memory. */
const defaultLimit = 2000;

/** The last KNOWN value of each field ('' before one is known). */
type Observed = {health: string; sync: string; revision: string};

/** Not a state but the lack of one (the source is being read, or could not be): learning the state is no change. */
const unknown = new Set(['Unknown', '']);

export class TransitionRecorder {
	readonly #last = new Map<string, Observed>();
	#transitions: Transition[] = [];
	readonly #limit: number;

	constructor(limit = defaultLimit) {
		this.#limit = limit;
	}

	/**
	 * Compare with the apps last seen. The first known state of an app is its baseline, not a change; Unknown
	 * (not read yet, or not readable now) changes nothing; an app that left is forgotten.
	 */
	observe(apps: readonly AppSummary[], now: number = Date.now()): void {
		const time = new Date(now).toISOString();
		const present = new Set<string>();
		for (const app of apps) {
			present.add(app.id);
			const previous = this.#last.get(app.id) ?? {health: '', sync: '', revision: ''};
			const next: Observed = {...previous};
			for (const field of ['health', 'sync', 'revision'] as const) {
				const value = app[field];
				// Unknown for a while (Healthy, Unknown, Degraded) reads as the change it was: Healthy -> Degraded.
				if (unknown.has(value)) continue;
				next[field] = value;
				if (unknown.has(previous[field]) || previous[field] === value) continue;
				this.#transitions.push({time, appId: app.id, app: appPath(app), field, from: previous[field], to: value});
			}
			this.#last.set(app.id, next);
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
