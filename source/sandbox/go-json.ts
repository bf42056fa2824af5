// Why a text is not JSON, in the words of Go's encoding/json, which a real
// server quotes in its 400s ("invalid character 'd' looking for beginning
// of object key string").

class JsonSyntaxError extends Error {}

/** The first syntax error of `text` as Go reports it, or an empty string when it is valid JSON. */
export function goJsonError(text: string): string {
	const scanner = new Scanner(text);
	try {
		scanner.skipSpace();
		scanner.value();
		scanner.skipSpace();
		if (scanner.index < text.length) throw scanner.invalid('after top-level value');
		return '';
	} catch (error) {
		if (error instanceof JsonSyntaxError) return error.message;
		throw error;
	}
}

class Scanner {
	index = 0;

	constructor(private readonly text: string) {}

	skipSpace(): void {
		while (this.index < this.text.length && ' \t\r\n'.includes(this.text[this.index] as string)) this.index++;
	}

	invalid(context: string): JsonSyntaxError {
		if (this.index >= this.text.length) return new JsonSyntaxError('unexpected end of JSON input');
		return new JsonSyntaxError(`invalid character ${quoteChar(this.text[this.index] as string)} ${context}`);
	}

	peek(): string | undefined {
		return this.text[this.index];
	}

	value(): void {
		const char = this.peek();
		if (char === undefined) throw this.invalid('looking for beginning of value');
		if (char === '{') return this.object();
		if (char === '[') return this.array();
		if (char === '"') return this.string();
		if (char === '-' || (char >= '0' && char <= '9')) return this.number();
		for (const literal of ['true', 'false', 'null']) if (char === literal[0]) return this.literal(literal);
		throw this.invalid('looking for beginning of value');
	}

	object(): void {
		this.index++;
		this.skipSpace();
		if (this.peek() === '}') {
			this.index++;
			return;
		}
		for (;;) {
			if (this.peek() !== '"') throw this.invalid('looking for beginning of object key string');
			this.string();
			this.skipSpace();
			if (this.peek() !== ':') throw this.invalid('after object key');
			this.index++;
			this.skipSpace();
			this.value();
			this.skipSpace();
			const next = this.peek();
			if (next === '}') {
				this.index++;
				return;
			}
			if (next !== ',') throw this.invalid('after object key:value pair');
			this.index++;
			this.skipSpace();
		}
	}

	array(): void {
		this.index++;
		this.skipSpace();
		if (this.peek() === ']') {
			this.index++;
			return;
		}
		for (;;) {
			this.value();
			this.skipSpace();
			const next = this.peek();
			if (next === ']') {
				this.index++;
				return;
			}
			if (next !== ',') throw this.invalid('after array element');
			this.index++;
			this.skipSpace();
		}
	}

	string(): void {
		this.index++;
		for (;;) {
			const char = this.peek();
			if (char === undefined) throw this.invalid('in string literal');
			if (char === '"') {
				this.index++;
				return;
			}
			if (char < ' ') throw this.invalid('in string literal');
			if (char === '\\') {
				this.index++;
				const escaped = this.peek();
				if (escaped === undefined) throw this.invalid('in string escape code');
				if (escaped === 'u') {
					this.index++;
					for (let digit = 0; digit < 4; digit++) {
						if (!/^[0-9a-fA-F]$/.test(this.peek() ?? '')) throw this.invalid('in \\u hexadecimal character escape');
						this.index++;
					}
					continue;
				}
				if (!'"\\/bfnrt'.includes(escaped)) throw this.invalid('in string escape code');
			}
			this.index++;
		}
	}

	number(): void {
		if (this.peek() === '-') this.index++;
		if (this.peek() === '0') this.index++;
		else if (/[1-9]/.test(this.peek() ?? '')) while (/[0-9]/.test(this.peek() ?? '')) this.index++;
		else throw this.invalid('in numeric literal');
		if (this.peek() === '.') {
			this.index++;
			if (!/[0-9]/.test(this.peek() ?? '')) throw this.invalid('after decimal point in numeric literal');
			while (/[0-9]/.test(this.peek() ?? '')) this.index++;
		}
		if (this.peek() === 'e' || this.peek() === 'E') {
			this.index++;
			if (this.peek() === '+' || this.peek() === '-') this.index++;
			if (!/[0-9]/.test(this.peek() ?? '')) throw this.invalid('in exponent of numeric literal');
			while (/[0-9]/.test(this.peek() ?? '')) this.index++;
		}
	}

	literal(word: string): void {
		this.index++;
		for (const expected of word.slice(1)) {
			if (this.peek() !== expected) throw this.invalid(`in literal ${word} (expecting ${quoteChar(expected)})`);
			this.index++;
		}
	}
}

/** A character as Go's scanner quotes it: 'x', '\'' or '"'. */
function quoteChar(char: string): string {
	if (char === "'") return "'\\''";
	if (char === '"') return "'\"'";
	const quoted = JSON.stringify(char);
	return `'${quoted.slice(1, -1)}'`;
}
