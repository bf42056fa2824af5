// The one door for mutating actions: picks the provider, refuses in read-only sessions (in the plan, and again in
// the Mutator before any byte is sent), refuses when the identity may not make every write the action makes (asked
// before the confirmation and again before the first write), runs only what was reviewed, and writes an audit line
// for each outcome.
import {globMatches} from '../kube/context-selection.js';
import type {DriftReaders} from '../drift/types.js';
import type {KubeConfigLike} from '../kube/kubeconfig-file.js';
import type {AppSummary, ProviderName} from '../apps/model.js';
import {objectPathOf} from '../drift/status.js';
import {classifyApiError} from '../kube/api-error.js';
import {requestJson, type RequestOptions} from '../kube/http.js';
import type {KubeObject, ResourceType} from '../kube/resource-type.js';
import type {NativeAppConfig} from '../native/config-types.js';
import {randomUUID} from 'node:crypto';
import {accessRefusal, reviewWrites, type PlannedWrite} from './access-check.js';
import type {AuditLog, AuditRecord} from './audit-log.js';
import {isPlanDiff, type ActionContext, type Mutator, type ProviderActions, ReadonlyError} from './provider-actions.js';
import type {ActionKind, ActionOutcome, ActionParams, ActionPlan, ActionRequest, ActionResult} from './types.js';
import {errorText, redactCredentials} from '../util/error-text.js';

type ActionServiceOptions = DriftReaders & {
	/** Name of the kube context acted on. */
	context: string;
	production: boolean;
	/** --readonly or `readonly: true` for this context in the config: every action is refused, nothing is sent. */
	readonly: boolean;
	/** Who acts: `kubeUser(kc)`. */
	user: string;
	audit: AuditLog;
	providers: Partial<Record<ProviderName, ProviderActions>>;
	typeOf: (kind: string) => ResourceType | undefined;
	/** The apps of the driftwatch config, for a controller that deploys from it (Git apps). */
	configApps: readonly NativeAppConfig[];
	signal?: AbortSignal;
	now?: () => Date;
};

type Recorder = {forbidden: boolean; sent: string[]};
type Prepared = {execute: () => Promise<ActionOutcome>; recorder: Recorder; writes: PlannedWrite[]};

/** Requests listed in an audit line at most; the count says when there were more. */
const sentListed = 100;

/** The kube user of the kubeconfig's current context, read from the file: asking the server would be a request. */
export function kubeUser(kc: KubeConfigLike): string {
	return kc.getCurrentUser()?.name ?? kc.getContextObject(kc.getCurrentContext())?.user ?? 'unknown';
}

/** What the audit line keeps of the parameters: flags, the chosen target and object refs; nothing else. */
export function auditParams(params: ActionParams | undefined): Record<string, unknown> {
	const kept: Record<string, unknown> = {};
	if (!params) return kept;
	if (typeof params.prune === 'boolean') kept.prune = params.prune;
	if (typeof params.to === 'string') kept.to = params.to;
	if (typeof params.withSource === 'boolean') kept.withSource = params.withSource;
	if (typeof params.revertInGit === 'boolean') kept.revertInGit = params.revertInGit;
	if (Array.isArray(params.resources)) kept.resources = params.resources.map(objectPathOf);
	// Written by the user for this very log (why a suspension); bounded, as a reason is one line.
	if (typeof params.reason === 'string') kept.reason = params.reason.slice(0, 200);
	return kept;
}

const verbs: Record<ActionKind, string> = {
	sync: 'Sync',
	refresh: 'Refresh',
	'hard-refresh': 'Hard refresh',
	terminate: 'Terminate the operation of',
	rollback: 'Roll back',
	reconcile: 'Reconcile',
	suspend: 'Suspend',
	resume: 'Resume',
	'enable-auto-sync': 'Enable auto-sync of',
};

export class ActionService {
	readonly #options: ActionServiceOptions;
	/** Plans this service prepared and has not run: only those can run, and each once. */
	readonly #prepared = new WeakMap<ActionPlan, Prepared>();

	constructor(options: ActionServiceOptions) {
		this.#options = options;
	}

	get readonly(): boolean {
		return this.#options.readonly;
	}

	/** The refusal every action gets in a read-only session. */
	get readonlyRefusal(): string {
		return `read-only: ${this.#options.context} is read-only (--readonly or readonly: true in the config); nothing was sent`;
	}

	/** Actions the app's provider offers for it (a read-only session still lists them; planning one refuses). */
	available(app: AppSummary, object: KubeObject | null = null): ActionKind[] {
		return this.#options.providers[app.provider]?.available(app, object) ?? [];
	}

	/** What the action would do, for the confirmation. Never throws: a problem is the plan's refusal. */
	async plan(request: ActionRequest, app: AppSummary): Promise<ActionPlan> {
		const base: ActionPlan = {
			request,
			app,
			context: this.#options.context,
			production: this.#options.production,
			// The provider's title replaces this one; it stays when the provider is not asked (read-only).
			title: `${verbs[request.kind] ?? request.kind} ${app.kind} ${app.namespace}/${app.name}`,
			effects: [],
			warnings: [],
			refusal: null,
		};
		// Read-only: the provider is not even asked, so not even a dry run is sent.
		if (this.#options.readonly) return this.#refuse(base, this.readonlyRefusal);
		const provider = this.#options.providers[app.provider];
		if (!provider) return this.#refuse(base, `driftwatch has no actions for ${app.provider} apps`);
		const recorder: Recorder = {forbidden: false, sent: []};
		let plan: ActionPlan;
		let execute: () => Promise<ActionOutcome>;
		let writes: PlannedWrite[];
		try {
			const prepared = await provider.prepare(this.#contextFor(app, recorder), request);
			execute = prepared.execute;
			writes = prepared.writes;
			plan = {
				...base,
				title: prepared.title,
				effects: prepared.effects,
				warnings: prepared.warnings,
				refusal: prepared.refusal,
				...(prepared.choices ? {choices: prepared.choices} : {}),
				...(prepared.switches ? {switches: prepared.switches} : {}),
				...(prepared.fixedParams ? {fixedParams: prepared.fixedParams} : {}),
				...(isPlanDiff(prepared.diff)
					? {diff: prepared.diff, ...(prepared.diff.about ? {diffAbout: prepared.diff.about} : {})}
					: {noDiff: prepared.diff.unavailable}),
			};
		} catch (error) {
			return this.#refuse(base, `cannot prepare: ${errorText(error)}`);
		}
		if (plan.refusal !== null) return this.#refuse(plan, plan.refusal);
		// Asked now so the confirmation can say so; asked again before running (roles change).
		const denied = await this.#accessRefusal(writes);
		if (denied !== null) return this.#refuse(plan, denied);
		// Said in the confirmation already: an action that cannot be recorded is not offered.
		const auditProblem = await this.#options.audit.problem();
		if (auditProblem) return this.#refuse(plan, `${auditProblem}; driftwatch does not act without recording it, nothing was sent`);
		this.#prepared.set(plan, {execute, recorder, writes});
		return plan;
	}

	/** Sends what the plan reviewed. Never throws; each run is one audit line. */
	async run(plan: ActionPlan): Promise<ActionResult> {
		if (plan.refusal !== null) return {ok: false, message: plan.refusal, refused: true, forbidden: false};
		if (this.#options.readonly) return this.#refuseRun(plan, this.readonlyRefusal);
		const prepared = this.#prepared.get(plan);
		if (!prepared) return this.#refuseRun(plan, 'this plan was already run or was not prepared here: plan the action again');
		if (plan.choices && !plan.request.params?.to) return this.#refuseRun(plan, 'choose a target first');
		this.#prepared.delete(plan);
		// Before the first irreversible step (a write, a push to Git): all of it is allowed, or none of it is tried.
		const denied = await this.#accessRefusal(prepared.writes);
		if (denied !== null) return this.#refuseRun(plan, denied);
		// The attempt is on disk before the first write, so a process killed mid-action still leaves its trace.
		const attempt = randomUUID();
		const startProblem = await this.#audit(plan, 'started', undefined, undefined, attempt, true);
		if (startProblem)
			return {
				ok: false,
				message: `${startProblem}; driftwatch does not act without recording it, nothing was sent`,
				refused: true,
				forbidden: false,
			};
		let outcome: ActionOutcome;
		try {
			const sent = await prepared.execute();
			// A server or git error may quote a URL with a token in it: hidden before anyone (or the log) sees it.
			outcome = {...sent, message: redactCredentials(sent.message)};
		} catch (error) {
			if (error instanceof ReadonlyError) return this.#refuseRun(plan, error.message, attempt);
			outcome = {ok: false, message: errorText(error)};
		}
		const {recorder} = prepared;
		const details: Record<string, unknown> = {...outcome.details};
		if (recorder.sent.length > 0) {
			details.sent = recorder.sent.slice(0, sentListed);
			if (recorder.sent.length > sentListed) details.sentCount = recorder.sent.length;
		}
		if (recorder.forbidden) details.forbidden = true;
		const problem = await this.#audit(plan, outcome.ok ? 'ok' : 'failed', outcome.ok ? undefined : outcome.message, details, attempt);
		const message = problem ? `${outcome.message} (${problem})` : outcome.message;
		return {...outcome, message, refused: false, forbidden: recorder.forbidden};
	}

	#contextFor(app: AppSummary, recorder: Recorder): ActionContext {
		const options = this.#options;
		return {
			kc: options.kc,
			discovery: options.discovery,
			git: options.git,
			render: options.render,
			app,
			// An app from the driftwatch config has no resource type, and only such an app has a config entry.
			type: options.typeOf(app.kind) ?? null,
			typeOf: options.typeOf,
			kubeContext: options.context,
			configApps: options.configApps,
			user: options.user,
			mutate: this.#mutator(recorder),
			...(options.signal ? {signal: options.signal} : {}),
		};
	}

	#mutator(recorder: Recorder): Mutator {
		return {
			request: async <T>(path: string, request: RequestOptions & {method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'}): Promise<T> => {
				// Defence in depth: a provider that forgot to check still cannot send anything.
				if (this.#options.readonly) throw new ReadonlyError(this.readonlyRefusal);
				const dryRun = request.query?.dryRun !== undefined;
				try {
					const result = await requestJson<T>(this.#options.kc, path, request);
					if (!dryRun) recorder.sent.push(`${request.method} ${path}`);
					return result;
				} catch (error) {
					if (classifyApiError(error).kind === 'forbidden') recorder.forbidden = true;
					throw error;
				}
			},
		};
	}

	/**
	 * Why the identity may not make these writes, or null. Never reached in a read-only session (refused before),
	 * so that sends no review either. A server that cannot answer refuses too: the check is what keeps an action
	 * from being half done, and every kube-apiserver serves the review to every authenticated user.
	 */
	async #accessRefusal(writes: readonly PlannedWrite[]): Promise<string | null> {
		if (writes.length === 0) return null;
		const verdict = await reviewWrites(this.#options.kc, writes, this.#options.signal);
		return accessRefusal(verdict, this.#options.context);
	}

	async #refuse(plan: ActionPlan, reason: string): Promise<ActionPlan> {
		const refusal = redactCredentials(reason);
		const refused = {...plan, refusal};
		const problem = await this.#audit(refused, 'refused', refusal);
		return problem ? {...refused, warnings: [...refused.warnings, problem]} : refused;
	}

	async #refuseRun(plan: ActionPlan, reason: string, attempt?: string): Promise<ActionResult> {
		const refusal = redactCredentials(reason);
		const problem = await this.#audit(plan, 'refused', refusal, undefined, attempt);
		return {ok: false, message: problem ? `${refusal} (${problem})` : refusal, refused: true, forbidden: false};
	}

	/** Writes the line; returns what went wrong, if anything (the action's own result stands either way). */
	async #audit(
		plan: ActionPlan,
		result: AuditRecord['result'],
		error?: string,
		details?: Record<string, unknown>,
		attempt?: string,
		flush = false,
	): Promise<string | null> {
		const {app, request} = plan;
		const entry: AuditRecord = {
			time: (this.#options.now?.() ?? new Date()).toISOString(),
			user: this.#options.user,
			context: this.#options.context,
			namespace: app.namespace,
			app: app.name,
			kind: app.kind,
			action: request.kind,
			params: auditParams(request.params),
			result,
			...(attempt === undefined ? {} : {attempt}),
			// Callers redact already; the log is where a leak would last, so it is checked here once more.
			...(error === undefined ? {} : {error: redactCredentials(error)}),
			...(details && Object.keys(details).length > 0 ? {details} : {}),
		};
		try {
			await this.#options.audit.append(entry, {flush});
			return null;
		} catch (failure) {
			return `audit log ${this.#options.audit.path} not written: ${errorText(failure)}`;
		}
	}
}

/** The context matches the config's production glob (`*` any run of characters, `?` one character). */
export function isProductionContext(context: string, pattern: string): boolean {
	return globMatches(pattern, context, true);
}
