// Running the argocd-cm health scripts as Argo CD does, and reading their answer the way it does:
// `hs = {status = ..., message = ...}`. A script error is the resource's health: Unknown, with the error as message.
import type {ResourceHealth} from '../../apps/detail.js';
import type {HealthStatus} from '../../apps/model.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {clip} from '../../util/json.js';
import {findHealthCustomization, type HealthCustomization} from './customizations.js';
import type {LuaSandbox, RunOutcome} from './lua-sandbox.js';

export type LuaHealthLimits = {timeoutMs: number; memoryBytes: number};

/**
 * Argo CD allows a script one second; a call here blocks the terminal UI, so it gets less. Health scripts read a
 * few fields and take microseconds: only a script that never ends comes near this.
 */
export const defaultLuaHealthLimits: LuaHealthLimits = {timeoutMs: 100, memoryBytes: 16 * 1024 * 1024};

const validStatuses = new Set<HealthStatus>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

/** What runs a script: the Lua sandbox (or a stand-in that explains why Lua is not there). */
type ScriptRunner = Pick<LuaSandbox, 'run'>;

/** A user's check for one kind; after it timed out once it is not run again (each run would stall the UI). */
class HealthScript {
	#timedOut: ResourceHealth | null = null;

	constructor(
		readonly customization: HealthCustomization,
		private readonly sandbox: ScriptRunner,
		private readonly limits: LuaHealthLimits,
	) {}

	evaluate(object: KubeObject): ResourceHealth | null {
		if (this.#timedOut) return this.#timedOut;
		const outcome = this.sandbox.run(this.customization.script, withoutSecretValues(object), {
			openLibs: this.customization.useOpenLibs,
			...this.limits,
		});
		const result = healthFromOutcome(outcome, this.customization.key, this.limits);
		if (!outcome.ok && outcome.reason === 'timeout') this.#timedOut = result;
		return result;
	}
}

/** The health checks of one argocd-cm version. */
export class LuaHealthChecks {
	readonly #scripts: HealthScript[];
	readonly #byKind = new Map<string, HealthScript | null>();

	constructor(customizations: readonly HealthCustomization[], sandbox: ScriptRunner, limits: LuaHealthLimits = defaultLuaHealthLimits) {
		this.#scripts = customizations.map(customization => new HealthScript(customization, sandbox, limits));
	}

	get size(): number {
		return this.#scripts.length;
	}

	/** The user's verdict on this object, or undefined when no script of theirs covers its kind. */
	check(object: KubeObject, group: string, kind: string): ResourceHealth | null | undefined {
		return this.#scriptFor(group, kind)?.evaluate(object);
	}

	/** What decides this kind's health here (script and its flag), for telling whether two versions differ on it. */
	sourceFor(group: string, kind: string): string {
		const customization = this.#scriptFor(group, kind)?.customization;
		return customization ? `${customization.useOpenLibs}\0${customization.script}` : '';
	}

	#scriptFor(group: string, kind: string): HealthScript | null {
		const cacheKey = `${group}/${kind}`;
		let script = this.#byKind.get(cacheKey);
		if (script === undefined) {
			const found = findHealthCustomization(
				this.#scripts.map(entry => entry.customization),
				group,
				kind,
			);
			script = found ? this.#scripts.find(entry => entry.customization === found)! : null;
			this.#byKind.set(cacheKey, script);
		}
		return script;
	}
}

/**
 * Argo CD's reading of a script's result: a table with a known status is that health; nil, an empty table or a
 * list is "no health" (the resource does not count toward the app); an unknown status is Unknown "Lua returned
 * an invalid health status"; anything else, and any error, is Unknown with the reason.
 */
function healthFromOutcome(outcome: RunOutcome, key: string, limits: LuaHealthLimits): ResourceHealth | null {
	if (!outcome.ok) {
		switch (outcome.reason) {
			case 'timeout':
				return unknown(
					`health check timed out: the Lua script for ${key} in argocd-cm ran longer than ${limits.timeoutMs} ms; it is not run again until argocd-cm changes`,
				);
			case 'memory':
				return unknown(
					`health check stopped: the Lua script for ${key} in argocd-cm used more than ${Math.round(limits.memoryBytes / 1024 / 1024)} MiB`,
				);
			default:
				return unknown(clip(outcome.message));
		}
	}
	const {value} = outcome;
	if (value.type === 'nil') return null;
	if (value.type === 'other') return unknown(`expect table output from Lua script, not ${value.luaType}`);
	if (value.fields.size === 0) return null;
	const status = value.fields.get('status');
	const message = value.fields.get('message');
	if (status !== undefined && typeof status !== 'string') return unknown('Lua returned a health status that is not a string');
	if (message !== undefined && typeof message !== 'string') return unknown('Lua returned a health message that is not a string');
	if (status === undefined || !validStatuses.has(status as HealthStatus)) return unknown('Lua returned an invalid health status');
	return {status: status as HealthStatus, message: clip(message ?? '')};
}

const masked = '********';

/**
 * A Secret as a script sees it: every value masked, keys kept, and the last-applied annotation (a copy of the
 * data) dropped. No Secret value enters the Lua state, so no script can put one in a message on screen.
 */
function withoutSecretValues(object: KubeObject): KubeObject {
	if (object.kind !== 'Secret' || !/^v1$/.test(object.apiVersion ?? '')) return object;
	const maskAll = (values: unknown) =>
		values !== null && typeof values === 'object' ? Object.fromEntries(Object.keys(values).map(key => [key, masked])) : values;
	const {['kubectl.kubernetes.io/last-applied-configuration']: _copy, ...annotations} = object.metadata?.annotations ?? {};
	const secret = object as KubeObject & {data?: unknown; stringData?: unknown};
	return {
		...secret,
		metadata: {...object.metadata, annotations},
		...(secret.data === undefined ? {} : {data: maskAll(secret.data)}),
		...(secret.stringData === undefined ? {} : {stringData: maskAll(secret.stringData)}),
	};
}

function unknown(message: string): ResourceHealth {
	return {status: 'Unknown', message};
}
