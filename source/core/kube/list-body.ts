/**
 * Reads a Kubernetes list answer (`{"kind":…,"metadata":{…},"items":[{…},{…}]}`) as it streams in and hands
 * on each item as soon as its text is complete, parsed on its own. A page of 500 Argo CD Applications is a
 * 3.5 MB body: read whole, it is a 3.5 MB string plus every parsed object alive at once, too big for V8's young
 * generation, so all of it is promoted and stays in the old generation as garbage until a full GC (which an idle
 * TUI may not run for a minute: 5 000 apps left ≈110 MiB of dead pages in the heap). One item at a time (≈7 KB of
 * text) dies young and costs nothing after its projection was taken.
 *
 * Only the top-level `items` array is split; everything else (kind, metadata with resourceVersion and continue)
 * is kept as text and parsed at the end. Strings are skipped whole (their escapes included), so brackets inside
 * names or messages never count.
 */
export class ListBodySplitter {
	readonly #onItem: (item: unknown) => void;
	/** Text not yet handed on: from the current item's start (or the scan position) to the end of what arrived. */
	#text = '';
	#position = 0;
	#depth = 0;
	#inString = false;
	/** Inside the top-level `items` array. */
	#inItems = false;
	/** Where the current item began in #text, or -1. */
	#itemStart = -1;
	/** The list without its items: what arrived before `items` and after it. */
	#rest = '';
	/** Where the part of #text that belongs to #rest begins, or -1 while inside `items`. */
	#restFrom = 0;

	constructor(onItem: (item: unknown) => void) {
		this.#onItem = onItem;
	}

	write(chunk: string): void {
		this.#text += chunk;
		this.#scan();
		this.#compact();
	}

	/** The list's own fields (its items handed on already, `items` left empty). Throws when the body was not complete JSON. */
	end(): Record<string, unknown> {
		if (this.#depth !== 0 || this.#inString || this.#inItems) throw new SyntaxError('list answer ended before its JSON did');
		const rest = (this.#rest + this.#text.slice(this.#restFrom)).trim();
		if (rest === '') return {};
		const parsed = JSON.parse(rest) as unknown;
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('list answer is not a JSON object');
		return parsed as Record<string, unknown>;
	}

	#scan(): void {
		const text = this.#text;
		let index = this.#position;
		while (index < text.length) {
			if (this.#inString) {
				let quote = text.indexOf('"', index);
				while (quote !== -1 && escapedAt(text, quote)) quote = text.indexOf('"', quote + 1);
				if (quote === -1) {
					// Stop before a trailing run of backslashes: whether the next quote ends the string depends on them.
					let end = text.length;
					while (end > index && text.charCodeAt(end - 1) === 0x5c) end--;
					index = end;
					break;
				}
				this.#inString = false;
				index = quote + 1;
				continue;
			}
			const code = text.charCodeAt(index);
			if (code === 0x22) {
				this.#inString = true;
			} else if (code === 0x7b || code === 0x5b) {
				// { or [
				if (this.#inItems && this.#depth === 2) {
					if (code !== 0x7b) throw new SyntaxError('list answer has an item that is not an object');
					this.#itemStart = index;
				} else if (this.#depth === 1 && code === 0x5b && /[{,]\s*"items"\s*:\s*$/.test(this.#rest + text.slice(this.#restFrom, index))) {
					this.#rest += text.slice(this.#restFrom, index + 1);
					this.#restFrom = -1;
					this.#inItems = true;
				}
				this.#depth++;
			} else if (code === 0x7d || code === 0x5d) {
				// } or ]
				this.#depth--;
				if (this.#depth < 0) throw new SyntaxError('list answer has an unbalanced bracket');
				if (this.#inItems && this.#depth === 2 && this.#itemStart !== -1) {
					this.#onItem(JSON.parse(text.slice(this.#itemStart, index + 1)));
					this.#itemStart = -1;
				} else if (this.#inItems && this.#depth === 1) {
					this.#inItems = false;
					this.#restFrom = index;
				}
			} else if (
				this.#inItems &&
				this.#depth === 2 &&
				this.#itemStart === -1 &&
				code !== 0x2c &&
				code !== 0x20 &&
				code !== 0x0a &&
				code !== 0x0d &&
				code !== 0x09
			) {
				throw new SyntaxError('list answer has an item that is not an object');
			}
			index++;
		}
		this.#position = index;
	}

	/** Drop text already handed on, so a long body is never held whole. */
	#compact(): void {
		const scanned = this.#position;
		if (this.#restFrom !== -1) {
			this.#rest += this.#text.slice(this.#restFrom, scanned);
			this.#restFrom = scanned;
		}
		const keepFrom = this.#itemStart === -1 ? scanned : this.#itemStart;
		if (keepFrom === 0) return;
		this.#text = this.#text.slice(keepFrom);
		this.#position -= keepFrom;
		if (this.#itemStart !== -1) this.#itemStart -= keepFrom;
		if (this.#restFrom !== -1) this.#restFrom -= keepFrom;
	}
}

/** The quote at `at` is escaped: an odd run of backslashes precedes it. */
function escapedAt(text: string, at: number): boolean {
	let backslashes = 0;
	for (let index = at - 1; index >= 0 && text.charCodeAt(index) === 0x5c; index--) backslashes++;
	return backslashes % 2 === 1;
}
