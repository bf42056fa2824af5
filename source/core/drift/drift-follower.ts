import type {DriftReaders} from './types.js';
import {createHash} from 'node:crypto';
import {pendingDrift, type AppDriftState, type RevisionInfo, type TrackedHead} from './drift-state.js';
import type {DesiredPlan, DesiredSource} from '../desired/types.js';
import {comparedObjects} from '../desired/compared-objects.js';
import {refKey, refOf} from '../diff/drift-compare.js';
import type {ObjectRef} from '../diff/types.js';
import {computeDrift} from '../drift/compute-drift.js';
import {ABSENT, DriftCache, type LiveSignature} from '../drift/drift-cache.js';
import type {DriftReport} from '../drift/types.js';
import {NATIVE_TRACKING_LABEL} from '../diff/normalize.js';
import {findRepoState} from '../git/git-repos.js';
import type {KubeObject} from '../kube/resource-type.js';
import {disagreementOf} from './drift-disagreement.js';
import type {LiveObjects, LiveScope} from './live-objects.js';
import {errorText, redactCredentials} from '../util/error-text.js';

type DriftFollowerOptions = DriftReaders & {
	live: LiveObjects;
	/** How to compute this app's drift; asked again after `invalidatePlan()`. */
	plan: (signal: AbortSignal) => Promise<DesiredPlan>;
	/**
	 * Native apps: render the followed branch's HEAD (no controller records a deployed revision), and find
	 * tracked objects by the native tracking label in these extra kinds of the app's namespace.
	 */
	native?: {app: string; namespace: string; pruneKinds: ReadonlyArray<{group: string; kind: string}>};
	/**
	 * The controller's name and sync word ('Argo CD', 'Synced'), when there is a controller, and the revision its
	 * source offers (a commit when known: a Flux source's artifact).
	 */
	controller?: () => {label: string; sync: string; offeredRevision?: string} | null;
	onChange: (state: AppDriftState) => void;
	/** Any change to the app's live objects (health may have moved even when drift did not). */
	onLiveChange?: () => void;
	/** Coalesce live changes this long before recomputing. */
	debounceMs?: number;
	/**
	 * Compare everything again (no cached result) this long after the previous pass ended, even when nothing was
	 * seen to change: a missed event must not leave it wrong. 10 minutes unless told.
	 */
	recheckMs?: number;
	/** Called as each object's comparison ends (deadlines that follow progress). */
	onProgress?: () => void;
};

/** How long after a pass the next full comparison runs when nothing was seen to change. */
const DEFAULT_RECHECK_MS = 10 * 60_000;

/**
 * Keeps one app's drift current: render the desired state from Git, dry-run it against the cluster, compare,
 * then recompute when a live object of the app changes (shared watches), when the followed branch moves, when
 * the plan is invalidated (the app object changed) and every `recheckMs`. Never throws; problems are states.
 */
export class DriftFollower {
	#state: AppDriftState = pendingDrift;
	readonly #options: DriftFollowerOptions;
	readonly #stop = new AbortController();
	#plan: Promise<DesiredPlan> | null = null;
	#running = false;
	#again = false;
	#debounce: NodeJS.Timeout | undefined;
	#recheck: NodeJS.Timeout | undefined;
	#releaseLive: (() => void) | null = null;
	#liveScopesKey = '';
	#liveScopes: LiveScope[] = [];
	#refs: ObjectRef[] = [];
	/** The refs whose live signature decides whether to compute again: desired, tracked, labelled. */
	#signatureRefs: ObjectRef[] = [];
	/** Live signature of `#signatureRefs` when the last computation started. */
	#liveSignature = '';
	/** False from the start of a pass until it took `#liveSignature`. */
	#signatureTaken = true;
	/** Everything a pass's result depends on, as of the last pass that published a report; '' = none yet. */
	#passKey = '';
	/** The next pass compares every object again (safety recheck): no cached result, no skipped pass. */
	#full = false;
	readonly #cache = new DriftCache();
	#untrack: (() => void) | null = null;
	#trackedKey = '';
	#trackedSource: {url: string; ref: string} | null = null;
	#headSeen = '';
	#unsubscribeGit: (() => void) | null = null;

	constructor(options: DriftFollowerOptions) {
		this.#options = options;
	}

	get state(): AppDriftState {
		return this.#state;
	}

	/** Refs of the desired and tracked objects as of the last computation. */
	get refs(): readonly ObjectRef[] {
		return this.#refs;
	}

	start(): void {
		this.#unsubscribeGit = this.#options.git.subscribe(() => this.#onGitChange());
		this.#schedule(0);
	}

	stop(): void {
		this.#stop.abort();
		clearTimeout(this.#debounce);
		clearTimeout(this.#recheck);
		this.#releaseLive?.();
		this.#untrack?.();
		this.#unsubscribeGit?.();
	}

	/** The app object changed (new sync revision, new inventory): plan again and recompute. */
	invalidatePlan(): void {
		this.#plan = null;
		this.#schedule(0);
	}

	/** The controller's status changed: only the disagreement line may change, no recomputation needed. */
	controllerChanged(): void {
		if (this.#state.phase !== 'ready' || !this.#state.report) return;
		this.#publish({...this.#state, ...this.#controllerView(this.#state.report, this.#state.rendered)});
	}

	#schedule(delayMs: number): void {
		if (this.#stop.signal.aborted) return;
		clearTimeout(this.#debounce);
		this.#debounce = setTimeout(() => void this.#run(), delayMs);
		this.#debounce.unref();
	}

	#onLiveChange(): void {
		this.#options.onLiveChange?.();
		// A pass that has not yet taken its signature reads the live state as it then is: nothing to redo.
		if (this.#running && !this.#signatureTaken) return;
		if (this.#liveSignatureNow() !== this.#liveSignature) this.#schedule(this.#options.debounceMs ?? 150);
	}

	#onGitChange(): void {
		const tracked = this.#state.tracked;
		if (!tracked) return;
		// The URL as configured: tracked.repoUrl is the display form, without credentials, and names no repository.
		const source = this.#trackedSource;
		if (!source) return;
		const repo = findRepoState(this.#options.git.getSnapshot(), source.url, source.ref);
		// No longer tracked (the git layer is stopping): nothing was learnt about the branch.
		if (!repo) return;
		const seen = `${repo?.headRevision ?? ''}\0${repo?.error?.message ?? ''}\0${repo?.fetchedAt ?? ''}`;
		if (seen === this.#headSeen) return;
		const [headBefore = '', errorBefore = ''] = this.#headSeen.split('\0');
		// A native app compared HEAD as resolved then: a fetch that finds the same commit moved nothing.
		const compared = this.#options.native ? this.#state.rendered?.revision : undefined;
		const headMoved = (repo?.headRevision ?? '') !== headBefore && (compared === undefined || repo?.headRevision !== compared);
		const errorChanged = (repo?.error?.message ?? '') !== errorBefore;
		this.#headSeen = seen;
		// Native apps render HEAD: a new HEAD is a new desired state (and a fetch error is shown). Otherwise only
		// when it was fetched changed: each poll does that, and it is no reason to compare again.
		if (headMoved || (this.#options.native && errorChanged)) this.#schedule(0);
		else this.#publish({...this.#state, tracked: {...tracked, fetchedAt: repo?.fetchedAt ?? null, error: repo?.error ?? null}});
	}

	async #run(): Promise<void> {
		if (this.#stop.signal.aborted) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = true;
		try {
			await this.#compute();
		} catch (error) {
			if (!this.#stop.signal.aborted) this.#publish({...this.#state, phase: 'error', error: errorText(error), computedAt: Date.now()});
		} finally {
			this.#running = false;
			this.#signatureTaken = true;
			if (this.#again && !this.#stop.signal.aborted) {
				this.#again = false;
				this.#schedule(0);
			}
			this.#armRecheck();
		}
	}

	/** The safety recheck, timed from the end of this pass: a long pass is never followed by another at once. */
	#armRecheck(): void {
		clearTimeout(this.#recheck);
		if (this.#stop.signal.aborted) return;
		this.#recheck = setTimeout(() => {
			this.#full = true;
			this.#schedule(0);
		}, this.#options.recheckMs ?? DEFAULT_RECHECK_MS);
		this.#recheck.unref();
	}

	async #compute(): Promise<void> {
		const signal = this.#stop.signal;
		this.#signatureTaken = false;
		this.#plan ??= this.#options.plan(signal);
		let plan: DesiredPlan;
		try {
			plan = await this.#plan;
		} catch (error) {
			this.#plan = null;
			throw error;
		}
		if (signal.aborted) return;
		if (!plan.ok) {
			this.#publish({
				...pendingDrift,
				phase: plan.reason === 'unsupported' ? 'unsupported' : 'error',
				error: plan.message,
				computedAt: Date.now(),
			});
			return;
		}
		const first = plan.sources[0];
		if (!first) {
			this.#publish({
				...pendingDrift,
				phase: 'unsupported',
				error: 'this app has no source with manifests to render',
				computedAt: Date.now(),
			});
			return;
		}
		this.#follow(first);
		const sources = await this.#sourcesToRender(plan.sources);
		if (signal.aborted) return;
		if (!sources.ok) {
			this.#publish({
				...this.#state,
				phase: 'error',
				report: null,
				error: sources.message,
				tracked: await this.#trackedHead(first, null),
				computedAt: Date.now(),
			});
			return;
		}
		const rendered = await this.#options.render(sources.sources, signal);
		if (signal.aborted) return;
		const renderedInfo = await this.#revisionInfo(sources.sources[0]!);
		if (!rendered.ok) {
			this.#publish({
				...this.#state,
				phase: 'error',
				report: null,
				error: rendered.message,
				rendered: renderedInfo,
				tracked: await this.#trackedHead(first, renderedInfo),
				computedAt: Date.now(),
			});
			return;
		}
		const desired = comparedObjects(plan, rendered.objects);
		const scopes = this.#scopesOf(desired, plan.tracked);
		this.#watchLive(scopes);
		// Native apps find what would be pruned, and their health, in these listings: a report made before they
		// are complete would call an app with a labelled orphan Synced.
		if (this.#options.native) await this.#options.live.listed(scopes, signal);
		if (signal.aborted) return;
		const nativeTracked = this.#nativeTracked();
		const tracked = [...plan.tracked, ...nativeTracked];
		// Taken before comparing, over the refs this pass looks at: a change during the pass makes the next one.
		this.#signatureRefs = [...desired.map(refOf), ...tracked];
		this.#liveSignature = this.#liveSignatureNow();
		this.#signatureTaken = true;
		const full = this.#full;
		this.#full = false;
		if (full) this.#cache.clear();
		const passKey = passKeyOf(desired, tracked, plan, this.#liveSignature);
		// Nothing it depends on changed since the last report (a git poll, a status-only live change): no pass.
		if (!full && passKey === this.#passKey && this.#state.phase === 'ready') {
			const head = await this.#trackedHead(first, renderedInfo);
			if (JSON.stringify(head) !== JSON.stringify(this.#state.tracked)) this.#publish({...this.#state, tracked: head});
			return;
		}
		const computed = await computeDrift({
			kc: this.#options.kc,
			discovery: this.#options.discovery,
			desired,
			tracked,
			fieldManager: plan.fieldManager,
			signal,
			cache: this.#cache,
			liveSignature: ref => this.#liveSignatureOf(ref),
			// A native app's live objects carry its tracking label: one list per kind instead of a GET per object.
			...(this.#options.native ? {liveSelector: `${NATIVE_TRACKING_LABEL}=${this.#options.native.app}`} : {}),
			...(this.#options.onProgress ? {onProgress: this.#options.onProgress} : {}),
			...(plan.instanceLabelKey ? {instanceLabelKey: plan.instanceLabelKey} : {}),
		});
		if (signal.aborted) return;
		this.#passKey = passKey;
		const report = this.#options.native ? withListingProblems(computed, this.#options.live.problems(scopes)) : computed;
		this.#refs = report.resources.map(resource => resource.ref);
		const head = await this.#trackedHead(first, renderedInfo);
		this.#publish({
			phase: 'ready',
			report,
			error: null,
			rendered: renderedInfo,
			tracked: head,
			...this.#controllerView(report, renderedInfo),
			computedAt: Date.now(),
		});
	}

	/** Native apps render the branch HEAD as last fetched; others render what the controller recorded. */
	async #sourcesToRender(sources: readonly DesiredSource[]): Promise<{ok: true; sources: DesiredSource[]} | {ok: false; message: string}> {
		if (!this.#options.native) return {ok: true, sources: [...sources]};
		const resolved: DesiredSource[] = [];
		for (const source of sources) {
			const sha = await this.#options.git.resolve(source.repoUrl, source.revision);
			if (!sha) {
				const repo = findRepoState(this.#options.git.getSnapshot(), source.repoUrl, source.trackedRef ?? source.revision);
				return {
					ok: false,
					message: `git: ${repo?.error?.message ?? `branch ${source.revision} not found in ${redactCredentials(source.repoUrl)}`}`,
				};
			}
			resolved.push({...source, revision: sha});
		}
		return {ok: true, sources: resolved};
	}

	#follow(source: DesiredSource): void {
		const ref = source.trackedRef;
		const key = ref ? `${source.repoUrl}\0${ref}` : '';
		if (key === this.#trackedKey) return;
		this.#untrack?.();
		this.#untrack = ref ? this.#options.git.track(source.repoUrl, ref) : null;
		this.#trackedKey = key;
		this.#trackedSource = ref ? {url: source.repoUrl, ref} : null;
	}

	async #revisionInfo(source: DesiredSource): Promise<RevisionInfo> {
		try {
			return {
				revision: (await this.#options.git.resolve(source.repoUrl, source.revision)) ?? source.revision,
				commit: await this.#options.git.commit(source.repoUrl, source.revision),
			};
		} catch {
			return {revision: source.revision, commit: null};
		}
	}

	async #trackedHead(source: DesiredSource, rendered: RevisionInfo | null): Promise<TrackedHead | null> {
		const ref = source.trackedRef;
		if (!ref) return null;
		const git = this.#options.git;
		const repo = findRepoState(git.getSnapshot(), source.repoUrl, ref);
		const headRevision = repo?.headRevision ?? null;
		this.#headSeen = `${headRevision ?? ''}\0${repo?.error?.message ?? ''}\0${repo?.fetchedAt ?? ''}`;
		let head: RevisionInfo | null = null;
		let ahead: number | null = null;
		if (headRevision) {
			try {
				head = {revision: headRevision, commit: await git.commit(source.repoUrl, headRevision)};
				const deployed = source.deployedRevision ?? rendered?.revision;
				if (deployed && !this.#options.native) ahead = await git.commitsBetween(source.repoUrl, deployed, headRevision);
			} catch {
				head = {revision: headRevision, commit: null};
			}
		}
		return {
			repoUrl: repo?.displayUrl ?? redactCredentials(source.repoUrl),
			ref,
			head,
			ahead,
			...(this.#options.native ? {comparesHead: true} : {}),
			fetchedAt: repo?.fetchedAt ?? null,
			error: repo?.error ?? null,
		};
	}

	#controllerView(report: DriftReport, rendered: RevisionInfo | null): Pick<AppDriftState, 'controllerSync' | 'disagreement'> {
		const controller = this.#options.controller?.() ?? null;
		if (!controller) return {controllerSync: null, disagreement: null};
		return {controllerSync: controller.sync, disagreement: disagreementOf(controller, report, rendered)};
	}

	#scopesOf(desired: readonly KubeObject[], tracked: readonly ObjectRef[]): LiveScope[] {
		const scopes = new Map<string, LiveScope>();
		const add = (scope: LiveScope) => scopes.set(`${scope.group}/${scope.kind}@${scope.namespace ?? ''}`, scope);
		for (const object of desired) {
			const ref = refOf(object);
			add({group: ref.group, kind: ref.kind, namespace: ref.namespace || null});
		}
		for (const ref of tracked) add({group: ref.group, kind: ref.kind, namespace: ref.namespace || null});
		const native = this.#options.native;
		if (native) for (const kind of native.pruneKinds) add({...kind, namespace: native.namespace});
		return [...scopes.values()];
	}

	#watchLive(scopes: LiveScope[]): void {
		const key = scopes
			.map(scope => `${scope.group}/${scope.kind}@${scope.namespace ?? ''}`)
			.sort()
			.join('\n');
		this.#liveScopes = scopes;
		if (key === this.#liveScopesKey) return;
		const previous = this.#releaseLive;
		this.#releaseLive = this.#options.live.follow(scopes, () => this.#onLiveChange());
		this.#liveScopesKey = key;
		// Release after following, so shared watchers are not stopped and restarted.
		previous?.();
	}

	#nativeTracked(): ObjectRef[] {
		const native = this.#options.native;
		if (!native) return [];
		const found = new Map<string, ObjectRef>();
		for (const scope of this.#liveScopes) {
			for (const ref of this.#options.live.labelled(scope, native.app)) found.set(refKey(ref), ref);
		}
		return [...found.values()];
	}

	/** One live object's signature as the shared watches know it; undefined when they do not. */
	#liveSignatureOf(ref: ObjectRef): LiveSignature {
		const info = this.#options.live.lookup(ref);
		return info === undefined ? undefined : info === null ? ABSENT : info.signature;
	}

	/** What the app's live objects look like now, as far as the shared watches know. */
	#liveSignatureNow(): string {
		const parts: string[] = [];
		for (const ref of this.#signatureRefs) parts.push(this.#liveSignatureOf(ref) ?? '?');
		if (this.#options.native) parts.push(this.#nativeTracked().map(refKey).sort().join(','));
		return parts.join('|');
	}

	#publish(state: AppDriftState): void {
		this.#state = state;
		this.#options.onChange(state);
	}
}

/** Everything a pass's report depends on: what Git renders, what is tracked, how it is applied, the live side. */
function passKeyOf(
	desired: readonly KubeObject[],
	tracked: readonly ObjectRef[],
	plan: DesiredPlan & {ok: true},
	liveSignature: string,
): string {
	const hash = createHash('sha256');
	// Hashed: the rendered objects may hold a Secret's values, which are never kept.
	hash.update(JSON.stringify(desired)).update('\0').update(tracked.map(refKey).join(','));
	hash
		.update('\0')
		.update(`${plan.fieldManager}\0${plan.instanceLabelKey ?? ''}`)
		.update('\0')
		.update(liveSignature);
	return hash.digest('hex');
}

/** A listing that failed leaves what would be pruned unknown: said, and never reported as Synced. */
function withListingProblems(report: DriftReport, problems: readonly string[]): DriftReport {
	if (problems.length === 0) return report;
	const errors = [...report.errors, ...problems.map(problem => `${problem}: objects that would be pruned are not known`)];
	return {...report, errors, status: report.status === 'Synced' ? 'Unknown' : report.status};
}
