/** The context matches the config's production glob (`*` any run of characters, `?` one character). */
export function isProductionContext(context: string, pattern: string): boolean {
	const source = [...pattern].map(char => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
	return new RegExp(`^${source}$`, 'i').test(context);
}
