// Label and field selectors, as in `?labelSelector=` and `?fieldSelector=`.
import type {KubeObject} from '../core/kube/resource-type.js';
import {badRequest} from './status.js';

export type Selector = (object: KubeObject) => boolean;

type Requirement =
	| {key: string; op: 'in' | 'notin'; values: string[]}
	| {key: string; op: 'exists' | 'notexists'};

/** Parse `a=b,c!=d,e in (x,y),f notin (z),g,!h`; a malformed selector is a 400. */
export function parseLabelSelector(text: string | null): Selector {
	if (!text || !text.trim()) return () => true;
	const requirements = splitTopLevel(text).map(parseLabelRequirement);
	return object => {
		const labels = object.metadata?.labels ?? {};
		return requirements.every(requirement => matches(requirement, labels));
	};
}

function parseLabelRequirement(raw: string): Requirement {
	const part = raw.trim();
	let match = /^!\s*([A-Za-z0-9._\/-]+)$/.exec(part);
	if (match?.[1]) return {key: match[1], op: 'notexists'};
	match = /^([A-Za-z0-9._\/-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
	if (match?.[1] && match[2] && match[3] !== undefined) {
		const values = match[3].split(',').map(value => value.trim()).filter(Boolean);
		return {key: match[1], op: match[2] as 'in' | 'notin', values};
	}
	match = /^([A-Za-z0-9._\/-]+)\s*(==|!=|=)\s*([A-Za-z0-9._-]*)$/.exec(part);
	if (match?.[1] && match[2]) return {key: match[1], op: match[2] === '!=' ? 'notin' : 'in', values: [match[3] ?? '']};
	match = /^([A-Za-z0-9._\/-]+)$/.exec(part);
	if (match?.[1]) return {key: match[1], op: 'exists'};
	throw badRequest(`unable to parse requirement: invalid label selector "${part}"`);
}

function matches(requirement: Requirement, labels: Record<string, string>): boolean {
	const has = Object.hasOwn(labels, requirement.key);
	switch (requirement.op) {
		case 'exists':
			return has;
		case 'notexists':
			return !has;
		case 'in':
			return has && requirement.values.includes(labels[requirement.key] ?? '');
		case 'notin':
			return !has || !requirement.values.includes(labels[requirement.key] ?? '');
	}
}

/** Commas inside `( … )` belong to a set, not to the list of requirements. */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of text) {
		if (char === '(') depth++;
		if (char === ')') depth--;
		if (char === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else current += char;
	}
	parts.push(current);
	if (parts.some(part => !part.trim())) throw badRequest(`unable to parse requirement: empty requirement in label selector "${text}"`);
	return parts;
}

/**
 * Field selectors: `metadata.name=x,metadata.namespace!=y`. Any dotted path
 * into the object is accepted (a real server allows a per-kind list; being
 * more lenient costs nothing here).
 */
export function parseFieldSelector(text: string | null): Selector {
	if (!text || !text.trim()) return () => true;
	const requirements = text.split(',').map(raw => {
		const match = /^\s*([A-Za-z0-9._-]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(raw);
		if (!match?.[1] || !match[2]) throw badRequest(`invalid field selector: "${raw}"`);
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
