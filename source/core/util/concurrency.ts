/** Map with at most `limit` calls in flight: a detail view must not open hundreds of requests at once. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	async function worker() {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]!, index);
		}
	}
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
