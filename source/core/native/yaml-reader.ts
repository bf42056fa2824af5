import {isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair, type YAMLMap, type YAMLSeq} from 'yaml';
import {ConfigError} from './config-types.js';

/** A YAML node as the parser gives it (scalar, map, seq, alias) or nothing. */
export type YamlNode = unknown;

/**
 * Typed reads of a parsed document that fail with the file and line of the
 * offending node, so every config error points at the right place.
 */
export class YamlReader {
	constructor(
		readonly file: string,
		private readonly doc: Document,
		private readonly lines: LineCounter,
	) {}

	fail(node: YamlNode, fallbackLine: number, problem: string): never {
		throw new ConfigError(this.file, this.lineOf(node, fallbackLine), problem);
	}

	lineOf(node: YamlNode, fallbackLine: number): number {
		const range = (node as {range?: [number, number, number]} | null)?.range;
		return range ? this.lines.linePos(range[0]).line : fallbackLine;
	}

	/** Follows `*alias` references to the anchored node. */
	resolve(node: YamlNode): YamlNode {
		return isAlias(node) ? node.resolve(this.doc) : node;
	}

	/** Absent or written empty (`apps:` with nothing after it). */
	isEmpty(node: YamlNode): boolean {
		const value = this.resolve(node);
		return value === null || value === undefined || (isScalar(value) && value.value === null);
	}

	map(node: YamlNode, line: number, what: string): YAMLMap {
		const value = this.resolve(node);
		if (!isMap(value)) this.fail(value, line, `${what} must be a mapping`);
		return value;
	}

	seq(node: YamlNode, line: number, what: string): YAMLSeq {
		const value = this.resolve(node);
		if (!isSeq(value)) this.fail(value, line, `${what} must be a list`);
		return value;
	}

	/** Pairs of a map with their string keys; non-string keys are errors. */
	entries(map: YAMLMap, what: string): Array<{key: string; pair: Pair; line: number}> {
		return map.items.map(pair => {
			const key = this.resolve(pair.key);
			const line = this.lineOf(key, this.lineOf(map, 1));
			if (!isScalar(key) || typeof key.value !== 'string') this.fail(key, line, `${what} has a key that is not a string`);
			return {key: key.value, pair, line};
		});
	}

	string(node: YamlNode, line: number, what: string): string {
		const value = this.resolve(node);
		if (!isScalar(value) || typeof value.value !== 'string') this.fail(value, line, `${what} must be a string`);
		if (value.value.trim() === '') this.fail(value, line, `${what} must not be empty`);
		return value.value;
	}

	boolean(node: YamlNode, line: number, what: string): boolean {
		const value = this.resolve(node);
		if (!isScalar(value) || typeof value.value !== 'boolean') this.fail(value, line, `${what} must be true or false`);
		return value.value;
	}

	number(node: YamlNode, line: number, what: string): number {
		const value = this.resolve(node);
		if (!isScalar(value) || typeof value.value !== 'number' || !Number.isFinite(value.value))
			this.fail(value, line, `${what} must be a number`);
		return value.value;
	}
}
