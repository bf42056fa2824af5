// Fault injection state that tests turn on: failures of the next requests
// and latency on every request. (Dropping watches and stopping the server
// act on connections, so the server does them.)
import {statusObject, type StatusObject} from './status.js';

export class FaultState {
	#latencyMs = 0;
	#failures: {remaining: number; code: number; message: string} | undefined;
	/** `group/plural` keys whose lists and watches across all namespaces are refused (403), as RBAC without a ClusterRoleBinding would. */
	readonly #forbiddenAllNamespaces = new Set<string>();

	get latencyMs(): number {
		return this.#latencyMs;
	}

	setLatency(ms: number): void {
		this.#latencyMs = Math.max(0, ms);
	}

	failNext(count: number, code: number, message?: string): void {
		this.#failures = count > 0 ? {remaining: count, code, message: message ?? `injected failure (HTTP ${code})`} : undefined;
	}

	forbidAllNamespaces(group: string, plural: string, forbidden: boolean): void {
		if (forbidden) this.#forbiddenAllNamespaces.add(`${group}/${plural}`);
		else this.#forbiddenAllNamespaces.delete(`${group}/${plural}`);
	}

	isForbiddenInAllNamespaces(group: string, plural: string): boolean {
		return this.#forbiddenAllNamespaces.has(`${group}/${plural}`);
	}

	/** The Status to answer this request with, when a failure is due; counts it down. */
	takeFailure(): StatusObject | undefined {
		const failures = this.#failures;
		if (!failures) return undefined;
		failures.remaining--;
		if (failures.remaining <= 0) this.#failures = undefined;
		return statusObject(failures.code, failures.message);
	}
}
