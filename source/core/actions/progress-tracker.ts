import {GIT_APP_PROVIDER, type AppSummary} from '../apps/model.js';
import {actionLabels} from './labels.js';
import type {ActionProgress} from './progress-types.js';
import type {ActionKind, ActionOutcome} from './types.js';

/** What the row looked like when the request went out, to tell the controller's answer from old state. */
type Tracked = {
	progress: ActionProgress;
	baselineReconcile: string | null;
	baselineAutoSync: boolean | null;
	/** A new operation that ran and ended between two looks still moves the last-change time. */
	baselineLastChange: string | null;
	sawRunning: boolean;
	handled: boolean;
};

/** A success stays on the row this long; a failure stays until dismissed. */
const successShownMs = 30_000;

/**
 * Follows each action after confirmation until the controller has dealt with it, reading only the app rows the
 * watches already deliver: Argo CD's operation (Running, then Succeeded/Failed/Error), Flux's
 * lastHandledReconcileAt then Ready, the suspend flag. Actions that finish with their request (refresh, native
 * sync) succeed at once.
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
			baselineReconcile: app.lastHandledReconcileAt ?? null,
			baselineAutoSync: app.autoSync,
			baselineLastChange: app.lastChange,
			sawRunning: false,
			handled: false,
		});
		this.#publish();
	}

	sent(app: AppSummary, outcome: ActionOutcome): void {
		const tracked = this.#tracked.get(app.id);
		if (!tracked) return;
		if (!outcome.ok) this.#finish(app.id, tracked, 'failed', outcome.message);
		else if (finishesWithRequest(app, tracked.progress.action)) this.#finish(app.id, tracked, 'succeeded', outcome.message);
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
			if (!tracked || tracked.progress.phase !== 'waiting') continue;
			const verdict = this.#verdict(app, tracked);
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

	#verdict(app: AppSummary, tracked: Tracked): {phase: 'succeeded' | 'failed'; message: string} | null {
		const action = tracked.progress.action;
		const phase = app.operation?.phase;
		if (app.provider === 'argocd' && (action === 'sync' || action === 'rollback' || action === 'terminate')) {
			if (phase === 'Running' || phase === 'Terminating' || app.stateLabel === 'Syncing') {
				tracked.sawRunning = true;
				return null;
			}
			if (!phase || (!tracked.sawRunning && app.lastChange === tracked.baselineLastChange)) return null;
			if (phase === 'Succeeded') return {phase: 'succeeded', message: app.operation?.message || 'done'};
			if (action === 'terminate') return {phase: 'succeeded', message: app.operation?.message || 'operation terminated'};
			return {phase: 'failed', message: app.operation?.message || phase};
		}
		if (app.provider === 'flux' && action === 'reconcile') {
			if (!tracked.handled && (app.lastHandledReconcileAt ?? null) === tracked.baselineReconcile) return null;
			tracked.handled = true;
			if (app.health === 'Progressing') return null;
			return app.health === 'Healthy' || app.health === 'Suspended'
				? {phase: 'succeeded', message: app.message || 'reconciled'}
				: {phase: 'failed', message: app.message || app.health};
		}
		if (action === 'suspend') return app.autoSync === false ? {phase: 'succeeded', message: 'suspended'} : null;
		if (action === 'resume' || action === 'enable-auto-sync')
			return app.autoSync === true ? {phase: 'succeeded', message: action === 'resume' ? 'resumed' : 'auto-sync on'} : null;
		return {phase: 'succeeded', message: 'done'};
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

/** Refresh requests and native applies are done when their request is. */
function finishesWithRequest(app: AppSummary, action: ActionKind): boolean {
	if (app.provider === GIT_APP_PROVIDER) return true;
	return action === 'refresh' || action === 'hard-refresh';
}

function waitingMessage(app: AppSummary): string | null {
	if (app.operation?.phase === 'Running') return app.operation.message || 'running';
	return null;
}
