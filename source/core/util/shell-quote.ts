// Words for a command line the user pastes into a shell. Names come from a cluster or a config: a name with a
// space, a quote, `$(…)` or a line break must stay one word and run nothing. Plain words stay bare (they read as
// typed); the rest is single-quoted, where the shell expands nothing; a word with control or bidi characters (a
// pasted line break would run the line) is written as $'…' with each such character escaped, which bash, zsh and
// ksh read back as the same bytes.

/** Characters no POSIX shell gives a meaning to in a bare word (`=` and `:` only matter in places a name never is). */
const bareWord = /^[A-Za-z0-9_./:=@%+,-]+$/;
// C0, DEL, C1, the Unicode line and paragraph separators, and the bidi controls that reorder what a line shows.
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

function escapedCharacter(character: string): string {
	const code = character.charCodeAt(0);
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One shell word that reads back as exactly `word`. */
export function shellWord(word: string): string {
	if (bareWord.test(word)) return word;
	if (unsafeCharacters.test(word)) {
		let quoted = '';
		for (const character of word) {
			if (unsafeCharacters.test(character)) quoted += escapedCharacter(character);
			else if (character === '\\' || character === "'") quoted += `\\${character}`;
			else quoted += character;
		}
		return `$'${quoted}'`;
	}
	return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The words as one command line. */
export function shellLine(words: readonly string[]): string {
	return words.map(shellWord).join(' ');
}
