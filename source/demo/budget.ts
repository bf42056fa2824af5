/** A cap on the writes one controller pass makes, so a big estate cannot stall a tick. */
export class Budget {
	#left: number;

	constructor(writes: number) {
		this.#left = writes;
	}

	/** Spend one unit; false once the pass has used them all. */
	take(): boolean {
		if (this.#left <= 0) return false;
		this.#left--;
		return true;
	}
}
