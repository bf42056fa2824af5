import type {AppSummary} from '../apps/model.js';
import {awaitAnswer} from '../controllers/controllers.js';
import type {AnswerWatch} from '../controllers/controller.js';
import {actionLabels, type ActionKind, type ActionOutcome} from '../actions/types.js';
import type {ActionProgress} from '../actions/progress-types.js';

type Tracked = {
	progress: ActionProgress;
	/** The controller's own test for its answer, made from the row as it was when the request went out; null: none to wait for. */
	answer: AnswerWatch | null;
};

/** A success stays on the row this long; a failure stays until dismissed. */
const successShownMs = 30_000;

/**
 * Follows each action after confirmation until the controller has dealt with it, reading only the app rows the
 * watches already deliver; each controller's registration says what its answer looks like (awaitAnswer).
 * Actions that finish with their request (refresh, a Git app's apply) succeed at once.
 */
export class ActionProgressTracker {
	readonly #tracked = new Map<string, Tracked>();
	readonly #onChange: () => void;
	#snapshot: Readonly<Record<string, ActionProgress>> = {};

	constructor(onChange: () => void) {
		this.#onChange = onChange;
	}

	get snapshot(): Readonly<Record<string, ActionProgress>> {
		return this.#snapshot;
	}

	started(app: AppSummary, action: ActionKind): void {
		this.#tracked.set(app.id, {
			progress: {action, label: actionLabels[action], phase: 'sending', message: '', startedAt: Date.now(), finishedAt: null},
			answer: awaitAnswer(action, app),
		});
		this.#publish();
	}

	sent(app: AppSummary, outcome: ActionOutcome): void {
		const tracked = this.#tracked.get(app.id);
		if (!tracked) return;
		if (!outcome.ok) this.#finish(app.id, tracked, 'failed', outcome.message);
		else if (tracked.answer === null) this.#finish(app.id, tracked, 'succeeded', outcome.message);
		else {
			tracked.progress = {...tracked.progress, phase: 'waiting', message: outcome.message};
			this.#publish();
			this.observe([app]);
		}
	}

	/** Look at fresh rows: has the controller answered? */
	observe(apps: readonly AppSummary[]): void {
		let changed = false;
		for (const app of apps) {
			const tracked = this.#tracked.get(app.id);
			if (tracked?.progress.phase !== 'waiting') continue;
			const verdict = tracked.answer?.(app) ?? null;
			if (verdict) {
				this.#finish(app.id, tracked, verdict.phase, verdict.message, false);
				changed = true;
			} else if (tracked.progress.message !== (waitingMessage(app) ?? tracked.progress.message)) {
				tracked.progress = {...tracked.progress, message: waitingMessage(app)!};
				changed = true;
			}
		}
		if (changed) this.#publish();
	}

	dismiss(appId: string): void {
		if (this.#tracked.delete(appId)) this.#publish();
	}

	clear(): void {
		this.#tracked.clear();
		this.#publish();
	}

	#finish(appId: string, tracked: Tracked, phase: 'succeeded' | 'failed', message: string, publish = true): void {
		tracked.progress = {...tracked.progress, phase, message, finishedAt: Date.now()};
		if (phase === 'succeeded') {
			const finished = tracked;
			setTimeout(() => {
				if (this.#tracked.get(appId) === finished) this.dismiss(appId);
			}, successShownMs).unref();
		}
		if (publish) this.#publish();
	}

	#publish(): void {
		this.#snapshot = Object.fromEntries([...this.#tracked].map(([id, tracked]) => [id, tracked.progress]));
		this.#onChange();
	}
}

function waitingMessage(app: AppSummary): string | null {
	if (app.operation?.phase === 'Running') return app.operation.message || 'running';
	return null;
}
