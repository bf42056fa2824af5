// Ink repaints the current React tree as soon as the terminal reports a resize,
// before React has re-rendered for the new size: one frame of the old (too tall,
// too wide) layout lands in the smaller terminal. This wrapper holds back the
// resize listeners added with on()/addListener() (Ink's) until the UI has
// committed its new layout (`resizeCommitted`), while the UI's own size hook,
// added with prependListener(), hears the resize at once.

type Listener = (...args: unknown[]) => void;

const runHeldListeners = Symbol('runHeldResizeListeners');

// If no new layout is ever committed (same size reported), release anyway.
const releaseAfterMs = 100;

export function withLayoutFirstResize<T extends NodeJS.WritableStream>(stream: T): T {
	const wrappers = new Map<Listener, Listener>();
	let held: Array<() => void> = [];
	let timer: NodeJS.Timeout | undefined;

	const release = () => {
		clearTimeout(timer);
		timer = undefined;
		const calls = held;
		held = [];
		for (const call of calls) call();
	};

	const hold = (listener: Listener): Listener => {
		let wrapper = wrappers.get(listener);
		if (!wrapper) {
			wrapper = (...args) => {
				held.push(() => listener(...args));
				timer ??= setTimeout(release, releaseAfterMs);
			};
			wrappers.set(listener, wrapper);
		}

		return wrapper;
	};

	const proxy: T = new Proxy(stream, {
		get(target, property) {
			if (property === runHeldListeners) return release;
			if (property === 'on' || property === 'addListener') {
				return (event: string | symbol, listener: Listener) => {
					target.on(event, event === 'resize' ? hold(listener) : listener);
					return proxy;
				};
			}

			if (property === 'off' || property === 'removeListener') {
				return (event: string | symbol, listener: Listener) => {
					const wrapper = event === 'resize' ? wrappers.get(listener) : undefined;
					target.off(event, wrapper ?? listener);
					return proxy;
				};
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as Listener).bind(target) : value;
		},
	});
	return proxy;
}

/** Called by the UI after it committed the layout for a new size: lets Ink's resize handling run. */
export function resizeCommitted(stream: NodeJS.WritableStream): void {
	const release = (stream as unknown as Record<symbol, (() => void) | undefined>)[runHeldListeners];
	release?.();
}
