// The JSONPath subset that CustomResourceDefinition printer columns use:
// `.a.b`, `['a']`, `[0]`, `[*]`, `.*` and filters such as
// `[?(@.type=="Ready")]`. Missing keys give no result rather than an error,
// as the API server evaluates these columns.

type Step =
	| {type: 'field'; name: string}
	| {type: 'index'; index: number}
	| {type: 'wildcard'}
	| {type: 'filter'; path: Step[]; operator?: '==' | '!=' | '<' | '>' | '<=' | '>='; literal?: unknown};

export class JsonPathError extends Error {}

/** Every value the path finds in `data`, in document order. */
export function evaluateJsonPath(expression: string, data: unknown): unknown[] {
	let values = [data];
	for (const step of parseJsonPath(expression)) values = values.flatMap(value => applyStep(step, value));
	return values;
}

function parseJsonPath(expression: string): Step[] {
	let text = expression.trim();
	if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
	if (text.startsWith('$')) text = text.slice(1);
	const parser = new Parser(text);
	const steps = parser.steps(() => parser.done());
	return steps;
}

class Parser {
	#offset = 0;
	constructor(readonly text: string) {}

	done(): boolean {
		return this.#offset >= this.text.length;
	}

	steps(until: () => boolean): Step[] {
		const steps: Step[] = [];
		while (!until()) {
			const char = this.text[this.#offset];
			if (char === '.') {
				this.#offset++;
				if (this.text[this.#offset] === '.') throw new JsonPathError('recursive descent (..) is not supported');
				if (this.text[this.#offset] === '*') {
					this.#offset++;
					steps.push({type: 'wildcard'});
					continue;
				}
				const name = this.#identifier();
				if (!name) throw new JsonPathError(`a field name is missing at ${this.#offset} in ${this.text}`);
				steps.push({type: 'field', name});
			} else if (char === '[') {
				steps.push(this.#bracket());
			} else {
				throw new JsonPathError(`unexpected "${char}" at ${this.#offset} in ${this.text}`);
			}
		}
		return steps;
	}

	#identifier(): string {
		const match = /^[A-Za-z0-9_\-/$]+/.exec(this.text.slice(this.#offset));
		const name = match?.[0] ?? '';
		this.#offset += name.length;
		return name;
	}

	#bracket(): Step {
		this.#offset++;
		const rest = this.text.slice(this.#offset);
		let step: Step;
		if (rest.startsWith('*]')) {
			step = {type: 'wildcard'};
			this.#offset += 1;
		} else if (rest.startsWith('?(')) {
			this.#offset += 2;
			step = this.#filter();
		} else if (/^['"]/.test(rest)) {
			step = {type: 'field', name: this.#quoted()};
		} else {
			const match = /^-?\d+/.exec(rest);
			if (!match) throw new JsonPathError(`unsupported bracket expression in ${this.text}`);
			step = {type: 'index', index: Number(match[0])};
			this.#offset += match[0].length;
		}
		if (this.text[this.#offset] !== ']') throw new JsonPathError(`"]" expected at ${this.#offset} in ${this.text}`);
		this.#offset++;
		return step;
	}

	#quoted(): string {
		const quote = this.text[this.#offset];
		const end = this.text.indexOf(quote as string, this.#offset + 1);
		if (end === -1) throw new JsonPathError(`unterminated string in ${this.text}`);
		const value = this.text.slice(this.#offset + 1, end);
		this.#offset = end + 1;
		return value;
	}

	/** `@.path`, optionally compared with a literal, up to the closing `)`. */
	#filter(): Step {
		this.#skipSpaces();
		if (this.text[this.#offset] !== '@') throw new JsonPathError(`a filter must start with @ in ${this.text}`);
		this.#offset++;
		const path = this.steps(() => this.done() || /[\s=!<>)]/.test(this.text[this.#offset] as string));
		this.#skipSpaces();
		let step: Step = {type: 'filter', path};
		const operator = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.#offset))?.[0] as Extract<Step, {type: 'filter'}>['operator'];
		if (operator) {
			this.#offset += operator.length;
			this.#skipSpaces();
			step = {type: 'filter', path, operator, literal: this.#literal()};
			this.#skipSpaces();
		}
		if (this.text[this.#offset] !== ')') throw new JsonPathError(`")" expected at ${this.#offset} in ${this.text}`);
		this.#offset++;
		return step;
	}

	#literal(): unknown {
		if (/^['"]/.test(this.text.slice(this.#offset))) return this.#quoted();
		const match = /^(-?\d+(\.\d+)?|true|false)/.exec(this.text.slice(this.#offset));
		if (!match) throw new JsonPathError(`unsupported filter value in ${this.text}`);
		this.#offset += match[0].length;
		return match[0] === 'true' ? true : match[0] === 'false' ? false : Number(match[0]);
	}

	#skipSpaces(): void {
		while (this.text[this.#offset] === ' ') this.#offset++;
	}
}

function applyStep(step: Step, value: unknown): unknown[] {
	switch (step.type) {
		case 'field':
			return isRecord(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : [];
		case 'index': {
			if (!Array.isArray(value)) return [];
			const index = step.index < 0 ? value.length + step.index : step.index;
			return index >= 0 && index < value.length ? [value[index]] : [];
		}
		case 'wildcard':
			return Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
		case 'filter': {
			const items = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
			return items.filter(item => {
				let found = [item];
				for (const inner of step.path) found = found.flatMap(candidate => applyStep(inner, candidate));
				if (step.operator === undefined) return found.length > 0;
				return found.some(candidate => compare(candidate, step.operator as string, step.literal));
			});
		}
	}
}

function compare(left: unknown, operator: string, right: unknown): boolean {
	switch (operator) {
		case '==':
			return left === right;
		case '!=':
			return left !== right;
	}
	if (typeof left !== 'number' || typeof right !== 'number') return false;
	switch (operator) {
		case '<':
			return left < right;
		case '>':
			return left > right;
		case '<=':
			return left <= right;
		default:
			return left >= right;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
