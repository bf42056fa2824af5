// Label and field selectors, as in `?labelSelector=` and `?fieldSelector=`,
// parsed with a real server's grammar so a malformed one is refused (400)
// in its words.
import type {KubeObject} from '../core/kube/resource-type.js';
import {labelValueErrors, qualifiedNameErrors} from './labels.js';
import type {ResourceInfo} from './resources.js';
import {badRequest} from './status.js';

export type Selector = (object: KubeObject) => boolean;

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';
type Requirement = {key: string; operator: Operator; values: string[]};

type TokenType = 'identifier' | 'end' | '(' | ')' | ',' | '!' | '==' | '=' | '>' | '<' | '!=' | 'in' | 'notin' | 'error';
type Token = {type: TokenType; literal: string};

const specialSymbols = ['!=', '==', '!', '=', '(', ')', ',', '>', '<'];
const isSpace = (char: string) => char === ' ' || char === '\t' || char === '\r' || char === '\n';
const isSpecial = (char: string) => '=!(),><'.includes(char);

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index] as string;
		if (isSpace(char)) {
			index++;
			continue;
		}
		if (isSpecial(char)) {
			const symbol = specialSymbols.find(candidate => text.startsWith(candidate, index));
			if (!symbol) {
				tokens.push({type: 'error', literal: char});
				index++;
				continue;
			}
			tokens.push({type: symbol as TokenType, literal: symbol});
			index += symbol.length;
			continue;
		}
		let end = index;
		while (end < text.length && !isSpace(text[end] as string) && !isSpecial(text[end] as string)) end++;
		const word = text.slice(index, end);
		tokens.push({type: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'identifier', literal: word});
		index = end;
	}
	tokens.push({type: 'end', literal: ''});
	return tokens;
}

class LabelSelectorParser {
	#position = 0;

	constructor(private readonly tokens: Token[]) {}

	/** In a value position the keywords are plain words. */
	#lookahead(values = true): Token {
		const token = this.tokens[this.#position] ?? {type: 'end', literal: ''};
		return values && (token.type === 'in' || token.type === 'notin') ? {type: 'identifier', literal: token.literal} : token;
	}

	#consume(values = true): Token {
		const token = this.#lookahead(values);
		this.#position++;
		return token;
	}

	parse(): Requirement[] {
		const requirements: Requirement[] = [];
		for (;;) {
			const next = this.#lookahead();
			if (next.type === 'end') return requirements;
			if (next.type !== 'identifier' && next.type !== '!')
				throw new Error(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
			try {
				requirements.push(this.#requirement());
			} catch (error) {
				throw new Error(`unable to parse requirement: ${(error as Error).message}`);
			}
			const after = this.#consume();
			if (after.type === 'end') return requirements;
			if (after.type !== ',') throw new Error(`found '${after.literal}', expected: ',' or 'end of string'`);
			const following = this.#lookahead();
			if (following.type !== 'identifier' && following.type !== '!')
				throw new Error(`found '${following.literal}', expected: identifier after ','`);
		}
	}

	#requirement(): Requirement {
		let negated = false;
		let token = this.#consume();
		if (token.type === '!') {
			negated = true;
			token = this.#consume();
		}
		if (token.type !== 'identifier') throw new Error(`found '${token.literal}', expected: identifier`);
		const key = token.literal;
		const keyErrors = qualifiedNameErrors(key);
		if (keyErrors.length > 0) throw new Error(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrors.join('; ')}`);
		const next = this.#lookahead();
		if (next.type === 'end' || next.type === ',') return {key, operator: negated ? '!' : 'exists', values: []};
		if (negated) throw new Error(`found '${next.literal}', expected: ',' or 'end of string'`);
		const operatorToken = this.#consume(false);
		let operator: Operator;
		switch (operatorToken.type) {
			case 'in':
			case 'notin':
			case '=':
			case '==':
			case '!=':
				operator = operatorToken.type;
				break;
			case '>':
				operator = 'gt';
				break;
			case '<':
				operator = 'lt';
				break;
			default:
				throw new Error(`found '${operatorToken.literal}', expected: in, notin, =, ==, !=, gt, lt`);
		}
		const values = operator === 'in' || operator === 'notin' ? this.#values() : this.#exactValue();
		for (const value of values) {
			const errors = labelValueErrors(value);
			if (errors.length > 0 && operator !== 'gt' && operator !== 'lt')
				throw new Error(`values[0][${key}]: Invalid value: ${JSON.stringify(value)}: ${errors.join('; ')}`);
		}
		if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(values[0] ?? '')) {
			throw new Error(
				`values[0][${key}]: Invalid value: ${JSON.stringify(values[0] ?? '')}: for 'Gt', 'Lt' operators, the value must be an integer`,
			);
		}
		return {key, operator, values};
	}

	#values(): string[] {
		const open = this.#consume();
		if (open.type !== '(') throw new Error(`found '${open.literal}' expected: '('`);
		const next = this.#lookahead();
		if (next.type === ')') {
			this.#consume();
			return [''];
		}
		if (next.type !== 'identifier' && next.type !== ',') throw new Error(`found '${next.literal}', expected: ',', ')' or identifier`);
		const values = new Set<string>();
		for (;;) {
			const token = this.#consume();
			if (token.type === 'identifier') {
				values.add(token.literal);
				const after = this.#lookahead();
				if (after.type === ',') continue;
				if (after.type === ')') break;
				throw new Error(`found '${after.literal}', expected: ',' or ')'`);
			}
			if (token.type === ',') {
				if (values.size === 0) values.add('');
				const after = this.#lookahead();
				if (after.type === ')') {
					values.add('');
					break;
				}
				if (after.type === ',') {
					this.#consume();
					values.add('');
				}
				continue;
			}
			throw new Error(`found '${token.literal}', expected: ',', or identifier`);
		}
		const close = this.#consume();
		if (close.type !== ')') throw new Error(`found '${close.literal}', expected: ')'`);
		return [...values];
	}

	#exactValue(): string[] {
		const next = this.#lookahead();
		if (next.type === 'end' || next.type === ',') return [''];
		const token = this.#consume();
		if (token.type === 'identifier') return [token.literal];
		throw new Error(`found '${token.literal}', expected: identifier`);
	}
}

/** Parse `a=b,c!=d,e in (x,y),f notin (z),g,!h`; a malformed selector is a 400. */
export function parseLabelSelector(text: string | null): Selector {
	if (!text?.trim()) return () => true;
	let requirements: Requirement[];
	try {
		requirements = new LabelSelectorParser(tokenize(text)).parse();
	} catch (error) {
		throw badRequest((error as Error).message);
	}
	return object => {
		const labels = object.metadata?.labels ?? {};
		return requirements.every(requirement => matches(requirement, labels));
	};
}

function matches(requirement: Requirement, labels: Record<string, string>): boolean {
	const has = Object.hasOwn(labels, requirement.key);
	const value = labels[requirement.key] ?? '';
	switch (requirement.operator) {
		case 'exists':
			return has;
		case '!':
			return !has;
		case 'in':
		case '=':
		case '==':
			return has && requirement.values.includes(value);
		case 'notin':
		case '!=':
			return !has || !requirement.values.includes(value);
		case 'gt':
			return has && /^-?\d+$/.test(value) && Number(value) > Number(requirement.values[0]);
		case 'lt':
			return has && /^-?\d+$/.test(value) && Number(value) < Number(requirement.values[0]);
	}
}

/** Fields a kind can be selected by besides metadata.name and metadata.namespace. */
const selectableFields: Record<string, string[]> = {
	'/pods': [
		'spec.nodeName',
		'spec.restartPolicy',
		'spec.schedulerName',
		'spec.serviceAccountName',
		'spec.hostNetwork',
		'status.phase',
		'status.podIP',
		'status.podIPs',
		'status.nominatedNodeName',
	],
	'/events': [
		'involvedObject.kind',
		'involvedObject.namespace',
		'involvedObject.name',
		'involvedObject.uid',
		'involvedObject.apiVersion',
		'involvedObject.resourceVersion',
		'involvedObject.fieldPath',
		'reason',
		'reportingComponent',
		'source',
		'type',
	],
	'/secrets': ['type'],
	'/namespaces': ['status.phase'],
	'/services': ['spec.clusterIP', 'spec.type'],
	'apps/replicasets': ['status.replicas'],
	'batch/jobs': ['status.successful'],
};

/**
 * Field selectors: `metadata.name=x,metadata.namespace!=y`, on the fields
 * the kind supports (others are a 400 naming the ones it does).
 */
export function parseFieldSelector(text: string | null, resource?: ResourceInfo): Selector {
	if (!text?.trim()) return () => true;
	const supported = [
		'metadata.name',
		'metadata.namespace',
		...(resource ? (selectableFields[`${resource.group}/${resource.plural}`] ?? []) : []),
	].sort();
	const requirements = text.split(',').map(raw => {
		const match = /^\s*([A-Za-z0-9._-]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(raw);
		if (!match?.[1] || !match[2]) throw badRequest(`invalid selector: '${text}'; can't understand '${raw}'`);
		if (resource && !supported.includes(match[1])) {
			throw badRequest(`"${match[1]}" is not a known field selector: only ${supported.map(field => `"${field}"`).join(', ')}`);
		}
		return {path: match[1].split('.'), negate: match[2] === '!=', value: match[3] ?? ''};
	});
	return object =>
		requirements.every(requirement => {
			const actual = fieldValue(object, requirement.path);
			return (actual === requirement.value) !== requirement.negate;
		});
}

function fieldValue(object: KubeObject, path: string[]): string {
	let current: unknown = object;
	for (const segment of path) {
		if (!current || typeof current !== 'object') return '';
		current = (current as Record<string, unknown>)[segment];
	}
	if (current === undefined || current === null) return '';
	return typeof current === 'object' ? JSON.stringify(current) : String(current);
}
