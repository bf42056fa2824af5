import type {GitRepos} from '../git/git-repos.js';
import type {KubeObject} from '../kube/resource-type.js';
import {renderDesired, type RenderDesiredOptions} from './render-desired.js';
import type {DesiredSource, RenderedDesired} from './types.js';

/** One source rendered: its objects (deep-frozen, shared by every caller) or a one-line problem. */
export type SourceRender = {ok: true; objects: readonly KubeObject[]} | {ok: false; message: string};

/**
 * The last renders by (repository, full SHA, path, options), so re-checking drift after every live change does
 * not re-render while the commit stays the same. Renders in flight are shared; failures are not kept (a missing
 * kubectl or a timeout can heal). The objects are frozen: callers copy before changing anything.
 */
export class DesiredRenderCache {
	readonly capacity: number;
	readonly #entries = new Map<string, Promise<SourceRender>>();

	constructor(capacity = 64) {
		this.capacity = Math.max(1, capacity);
	}

	get size(): number {
		return this.#entries.size;
	}

	/** The cached render for `key`, else the result of `render()`, kept when it succeeds. */
	obtain(key: string, render: () => Promise<SourceRender>): Promise<SourceRender> {
		const cached = this.#entries.get(key);
		if (cached) {
			// Most recently used last: eviction takes the first.
			this.#entries.delete(key);
			this.#entries.set(key, cached);
			return cached;
		}
		const pending = render();
		this.#entries.set(key, pending);
		const forget = () => {
			if (this.#entries.get(key) === pending) this.#entries.delete(key);
		};
		pending.then(outcome => {
			if (!outcome.ok) forget();
		}, forget);
		while (this.#entries.size > this.capacity) {
			const oldest = this.#entries.keys().next().value as string;
			this.#entries.delete(oldest);
		}
		return pending;
	}

	/** `renderDesired` through this cache. */
	render(git: GitRepos, sources: readonly DesiredSource[], options: Omit<RenderDesiredOptions, 'cache'> = {}): Promise<RenderedDesired> {
		return renderDesired(git, sources, {...options, cache: this});
	}

	clear(): void {
		this.#entries.clear();
	}
}
