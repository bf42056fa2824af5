import {parseHealthCustomizations, type HealthCustomization} from '../../health/lua/customizations.js';
import {defaultLuaHealthLimits, LuaHealthChecks, type LuaHealthLimits} from '../../health/lua/lua-health.js';
import {LuaSandbox, type RunOutcome} from '../../health/lua/lua-sandbox.js';
import type {HealthOverride} from '../../health/resource-health.js';
import type {KubeObject, ResourceType} from '../../kube/resource-type.js';
import {ResourceWatcher} from '../../kube/watcher.js';
import {errorText} from '../../util/error-text.js';
import type {HealthSettings, HealthSettingsOptions} from '../controller.js';
import {argoCdProvider} from './apps.js';
import type {ArgoAppProjection} from './projection.js';

/** The ConfigMap holding Argo CD's settings, health customizations among them. */
const ARGOCD_CM = 'argocd-cm';

const configMapType: ResourceType = {
	group: '',
	version: 'v1',
	plural: 'configmaps',
	kind: 'ConfigMap',
	namespaced: true,
	label: 'Argo CD settings',
};

type ArgoHealthSettingsOptions = HealthSettingsOptions & {limits?: LuaHealthLimits};

/** Where Argo CD runs (its settings live there), as its Applications report it; the most common answer wins. */
function argoCdNamespace(projections: Iterable<unknown>): string | null {
	const counts = new Map<string, number>();
	for (const projection of projections) {
		const namespace = (projection as Partial<ArgoAppProjection>).controllerNamespace;
		if (namespace) counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
	}
	let best: string | null = null;
	for (const [namespace, count] of counts) if (best === null || count > counts.get(best)!) best = namespace;
	return best;
}

/**
 * The health checks the user's Argo CD runs (Lua in argocd-cm), followed live: a watch on that one ConfigMap in
 * Argo CD's namespace. When the context may not read it, or it has no health customizations, there are none and
 * the built-in rules alone decide. Nothing of the ConfigMap but the health scripts is kept.
 */
export class ArgoHealthSettings implements HealthSettings {
	readonly #options: ArgoHealthSettingsOptions;
	#namespace: string | null = null;
	#watcher: ResourceWatcher<HealthCustomization[]> | null = null;
	#checks: LuaHealthChecks | null = null;
	/** Customizations last read, and last put in force (JSON), so unchanged re-reads cost nothing. */
	#wanted = '[]';
	#applied = '[]';
	#stopped = false;
	readonly #override: HealthOverride = (object, group, kind) => this.#checks?.check(object, group, kind);

	constructor(options: ArgoHealthSettingsOptions) {
		this.#options = options;
	}

	get following(): boolean {
		return this.#namespace !== null;
	}

	get override(): HealthOverride | undefined {
		return this.#checks ? this.#override : undefined;
	}

	/** Read the settings of the Argo CD the Applications name (else of one in its usual namespace); another namespace than before starts over. */
	follow(projections: Iterable<unknown>): void {
		const namespace = argoCdNamespace(projections) ?? argoCdProvider.homeNamespace;
		if (this.#stopped || namespace === this.#namespace) return;
		const previous = this.#watcher;
		this.#namespace = namespace;
		const watcher = new ResourceWatcher<HealthCustomization[]>({
			kc: this.#options.kc,
			type: configMapType,
			namespace,
			fieldSelector: `metadata.name=${ARGOCD_CM}`,
			project: (object: KubeObject) => parseHealthCustomizations((object as {data?: Record<string, unknown>}).data ?? {}),
			onChange: () => this.#read(watcher),
			reloginHint: this.#options.reloginHint,
			timing: this.#options.timing,
			...(this.#options.watch === false ? {watch: false} : {}),
		});
		this.#watcher = watcher;
		watcher.start();
		void previous?.stop();
	}

	settled(): boolean {
		return this.#watcher !== null && this.#watcher.state.phase !== 'connecting' && this.#applied === this.#wanted;
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		await this.#watcher?.stop();
	}

	#read(watcher: ResourceWatcher<HealthCustomization[]>): void {
		if (this.#stopped || watcher !== this.#watcher) return;
		// Absent, deleted or no longer readable (a forbidden watch keeps no items): no customizations.
		const customizations = watcher.items.get(`${this.#namespace}/${ARGOCD_CM}`) ?? [];
		const wanted = JSON.stringify(customizations);
		if (wanted === this.#wanted) return;
		this.#wanted = wanted;
		void this.#apply(customizations, wanted);
	}

	async #apply(customizations: HealthCustomization[], wanted: string): Promise<void> {
		let checks: LuaHealthChecks | null = null;
		if (customizations.length > 0) {
			const limits = this.#options.limits ?? defaultLuaHealthLimits;
			try {
				checks = new LuaHealthChecks(customizations, await LuaSandbox.load(), limits);
			} catch (error) {
				// Without Lua the user's checks cannot run; say so on their kinds rather than show built-in verdicts.
				const outcome: RunOutcome = {ok: false, reason: 'error', message: `Lua is not available: ${errorText(error, {multiline: true})}`};
				checks = new LuaHealthChecks(customizations, {run: () => outcome}, limits);
			}
		}
		if (this.#stopped || wanted !== this.#wanted) return;
		const previous = this.#checks;
		this.#checks = checks;
		this.#applied = wanted;
		this.#options.onChange((group, kind) => (previous?.sourceFor(group, kind) ?? '') !== (checks?.sourceFor(group, kind) ?? ''));
	}
}
