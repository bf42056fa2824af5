// The pods/log subresource, as a kube-apiserver and the kubelet behind it answer it. The sandbox has no kubelet:
// the log text of each container is written here (by tests, by the demo's simulated workloads) and served with
// the real options (container, previous, tailLines, sinceSeconds, timestamps, follow) and the real errors: the
// apiserver's (no such pod, ambiguous or unknown container, invalid options), a pod on no node (204, no body:
// there is no kubelet to ask), then the kubelet's (previous container not found, container waiting to start).
import type {ServerResponse} from 'node:http';
import {isObject} from './json-values.js';
import {apiError, badRequest} from './status.js';

type LogLine = {time: Date; text: string};

/** Where a container's log lives: its current instance, or the previous (terminated) one. */
export type PodLogRef = {namespace: string; pod: string; container: string; previous?: boolean};

type Follower = (line: LogLine) => void;

/** The containers' log text, and who follows it. */
export class PodLogStore {
	readonly #lines = new Map<string, LogLine[]>();
	readonly #followers = new Map<string, Set<Follower>>();

	/** Add lines to a container's log (now, or at `time`); a following request gets them at once. */
	append(ref: PodLogRef, lines: readonly string[], time: Date = new Date()): void {
		const key = keyOf(ref);
		let log = this.#lines.get(key);
		if (!log) {
			log = [];
			this.#lines.set(key, log);
		}
		for (const text of lines) {
			const line = {time, text};
			log.push(line);
			for (const follower of this.#followers.get(key) ?? []) follower(line);
		}
	}

	/** A restart: the current log becomes the previous one, the new instance starts empty. */
	restart(ref: Omit<PodLogRef, 'previous'>): void {
		const current = keyOf({...ref, previous: false});
		this.#lines.set(keyOf({...ref, previous: true}), this.#lines.get(current) ?? []);
		this.#lines.set(current, []);
	}

	lines(ref: PodLogRef): readonly LogLine[] {
		return this.#lines.get(keyOf(ref)) ?? [];
	}

	follow(ref: PodLogRef, follower: Follower): () => void {
		const key = keyOf(ref);
		let set = this.#followers.get(key);
		if (!set) {
			set = new Set();
			this.#followers.set(key, set);
		}
		set.add(follower);
		return () => set.delete(follower);
	}

	clear(): void {
		this.#lines.clear();
	}
}

function keyOf(ref: PodLogRef): string {
	return `${ref.namespace}/${ref.pod}/${ref.container}/${ref.previous === true ? 'previous' : 'current'}`;
}

type PodLogOptions = {
	container: string | null;
	previous: boolean;
	follow: boolean;
	timestamps: boolean;
	tailLines: number | null;
	sinceSeconds: number | null;
	sinceTime: Date | null;
};

/** The options as the server parses and validates them (422 Invalid on a PodLogOptions, as a real one answers). */
function readOptions(podName: string, query: URLSearchParams): PodLogOptions {
	const causes: {reason: string; message: string; field: string}[] = [];
	const integer = (field: string): number | null => {
		const raw = query.get(field);
		if (raw === null) return null;
		if (!/^-?\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
		return Number(raw);
	};
	const tailLines = integer('tailLines');
	const sinceSeconds = integer('sinceSeconds');
	const sinceRaw = query.get('sinceTime');
	const sinceTime = sinceRaw === null ? null : new Date(sinceRaw);
	if (sinceTime && Number.isNaN(sinceTime.getTime())) throw badRequest(`parsing time "${sinceRaw}" as RFC3339: cannot parse`);
	if (tailLines !== null && tailLines < 0)
		causes.push({
			reason: 'FieldValueInvalid',
			message: `Invalid value: ${tailLines}: must be greater than or equal to 0`,
			field: 'tailLines',
		});
	if (sinceSeconds !== null && sinceSeconds < 1)
		causes.push({reason: 'FieldValueInvalid', message: `Invalid value: ${sinceSeconds}: must be greater than 0`, field: 'sinceSeconds'});
	if (sinceSeconds !== null && sinceTime !== null)
		causes.push({
			reason: 'FieldValueForbidden',
			message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
			field: '[]',
		});
	if (causes.length > 0) {
		const summary = causes.map(cause => `${cause.field}: ${cause.message}`).join(', ');
		throw apiError(422, `PodLogOptions "${podName}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, 'Invalid', {
			name: podName,
			kind: 'PodLogOptions',
			causes,
		});
	}
	const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
	return {
		container: query.get('container') || null,
		previous: flag('previous'),
		follow: flag('follow'),
		timestamps: flag('timestamps'),
		tailLines,
		sinceSeconds,
		sinceTime,
	};
}

type ContainerSpec = {name?: unknown};
type ContainerStatus = {name?: unknown; state?: {waiting?: {reason?: unknown}}; lastState?: {terminated?: unknown}};

function names(list: unknown): string[] {
	return Array.isArray(list)
		? list.flatMap(item => (typeof (item as ContainerSpec).name === 'string' ? [String((item as ContainerSpec).name)] : []))
		: [];
}

/** The container the request is about: named, or the pod's only one; else the apiserver's 400. */
function containerOf(pod: Record<string, unknown>, podName: string, wanted: string | null): string {
	const spec = isObject(pod['spec']) ? pod['spec'] : {};
	const regular = names(spec['containers']);
	// Init containers first, as the apiserver lists them; ephemeral ones last.
	const all = [...names(spec['initContainers']), ...regular, ...names(spec['ephemeralContainers'])];
	if (wanted === null) {
		if (all.length === 1) return all[0]!;
		throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${all.join(' ')}]`);
	}
	if (!all.includes(wanted)) throw badRequest(`container ${wanted} is not valid for pod ${podName}`);
	return wanted;
}

function statusOf(pod: Record<string, unknown>, container: string): ContainerStatus | undefined {
	const status = isObject(pod['status']) ? pod['status'] : {};
	for (const field of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
		const list = status[field];
		if (!Array.isArray(list)) continue;
		const found = (list as ContainerStatus[]).find(item => item.name === container);
		if (found) return found;
	}
	return undefined;
}

/** Format of `timestamps=true`: RFC 3339 with nanoseconds, as the container runtime writes it. */
function timestampOf(time: Date): string {
	return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Answer GET pods/NAME/log for `pod` (already read, authorized). Writes the response itself: a following
 * request stays open until the client goes, and a closing server (stop) ends it.
 */
export function servePodLog(
	store: PodLogStore,
	pod: Record<string, unknown>,
	query: URLSearchParams,
	response: ServerResponse,
	record: (status: number) => void,
): void {
	const metadata = isObject(pod['metadata']) ? pod['metadata'] : {};
	const podName = String(metadata['name'] ?? '');
	const namespace = String(metadata['namespace'] ?? '');
	const options = readOptions(podName, query);
	const container = containerOf(pod, podName, options.container);
	const spec = isObject(pod['spec']) ? pod['spec'] : {};
	// No node, no kubelet to ask: the apiserver answers 204 without a body (kubectl prints nothing).
	if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') {
		record(204);
		response.writeHead(204);
		response.end();
		return;
	}
	const status = statusOf(pod, container);
	if (options.previous && !status?.lastState?.terminated)
		throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
	const waiting = status?.state?.waiting?.reason;
	const lines = store.lines({namespace, pod: podName, container, previous: options.previous});
	// A container that never ran has no log yet; one in CrashLoopBackOff serves its last run's.
	if (!options.previous && typeof waiting === 'string' && waiting !== 'CrashLoopBackOff' && lines.length === 0)
		throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${waiting}`);

	const since = options.sinceTime ?? (options.sinceSeconds !== null ? new Date(Date.now() - options.sinceSeconds * 1000) : null);
	let shown = since ? lines.filter(line => line.time >= since) : lines;
	if (options.tailLines !== null) shown = options.tailLines === 0 ? [] : shown.slice(-options.tailLines);
	const format = (line: LogLine) => `${options.timestamps ? `${timestampOf(line.time)} ` : ''}${line.text}\n`;
	record(200);
	response.writeHead(200, {'content-type': 'text/plain', 'cache-control': 'no-cache, private'});
	response.flushHeaders();
	if (shown.length > 0) response.write(shown.map(format).join(''));
	if (!options.follow || options.previous) {
		response.end();
		return;
	}
	const stop = store.follow({namespace, pod: podName, container}, line => response.write(format(line)));
	response.on('close', stop);
}
