/**
 * meow reports an unknown flag over two lines; we want one line naming it,
 * so the CLI checks the arguments itself against the flags it declares.
 */
export function findUnknownFlag(argv: readonly string[], longFlags: readonly string[], shortFlags: readonly string[]): string | null {
	const kebab = new Set(
		longFlags.flatMap(name => {
			const dashed = name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
			return [dashed, `no-${dashed}`];
		}),
	);
	for (const token of argv) {
		if (token === '--') break;
		if (token.startsWith('--')) {
			const name = token.slice(2).split('=')[0]!;
			if (!kebab.has(name) && name !== 'help' && name !== 'version') return token;
		} else if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) {
			const letter = token[1]!;
			if (!shortFlags.includes(letter)) return token;
		}
	}
	return null;
}
