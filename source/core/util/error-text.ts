/** Hides passwords and tokens written into URLs (https://user:token@host). */
export function redactCredentials(text: string): string {
	return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

/**
 * Any thrown value as text for a person, credentials in URLs hidden. One line (the first) by default,
 * because errors land in one-line places (a status bar, an audit record); `multiline` keeps every line
 * for the places that show an error in full.
 */
export function errorText(error: unknown, options: {multiline?: boolean} = {}): string {
	const text = redactCredentials(error instanceof Error ? error.message : String(error));
	return options.multiline ? text : firstLine(text);
}

/** The first non-blank line of a text, trimmed. */
export function firstLine(text: string): string {
	return (text.trim().split(/\r?\n/)[0] ?? '').trim();
}

/**
 * Every non-blank line of a text joined into one, credentials hidden, cut at `limit` characters: for tool output,
 * whose cause is often on a later line than the first.
 */
export function joinedLines(text: string, limit = Number.POSITIVE_INFINITY): string {
	const line = redactCredentials(text)
		.split(/\r?\n/)
		.map(part => part.trim())
		.filter(part => part !== '')
		.join(' ');
	return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

/** What an action or view says when the app it was opened on has gone since. */
export const appGoneText = 'this app no longer exists (deleted, or out of scope)';
