// Label keys and values, checked as a real server validates metadata.labels.
import {isObject} from './json-values.js';
import type {StatusCause} from './status.js';

const namePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

// Word for word as a real server, double spaces included.
const namePartRule =
	"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const prefixRule =
	"prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const valueRule =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** What is wrong with a qualified name (`prefix/name`), as a real server words it; empty when valid. */
export function qualifiedNameErrors(key: string): string[] {
	const parts = key.split('/');
	let name = key;
	const errors: string[] = [];
	if (parts.length === 2) {
		const [prefix = '', rest = ''] = parts;
		name = rest;
		if (prefix.length === 0) errors.push('prefix part must be non-empty');
		else if (prefix.length > 253) errors.push('prefix part must be no more than 253 bytes');
		else if (!dnsSubdomain.test(prefix)) errors.push(prefixRule);
	} else if (parts.length > 2) {
		return [
			`a qualified name ${namePartRule.replace('name part must', 'must')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		];
	}
	if (name.length === 0) errors.push('name part must be non-empty');
	else if (name.length > 63) errors.push('name part must be no more than 63 bytes');
	if (name.length > 0 && !namePart.test(name)) errors.push(namePartRule);
	return errors;
}

export function labelValueErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > 63) errors.push('must be no more than 63 bytes');
	if (!labelValue.test(value)) errors.push(valueRule);
	return errors;
}

/** The causes of a 422 for invalid metadata.labels (none when they are valid). */
export function validateLabels(labels: unknown): StatusCause[] {
	if (!isObject(labels)) return [];
	const causes: StatusCause[] = [];
	for (const [key, value] of Object.entries(labels)) {
		for (const error of qualifiedNameErrors(key))
			causes.push({reason: 'FieldValueInvalid', field: 'metadata.labels', message: `Invalid value: ${JSON.stringify(key)}: ${error}`});
		for (const error of labelValueErrors(String(value))) {
			causes.push({
				reason: 'FieldValueInvalid',
				field: `metadata.labels`,
				message: `Invalid value: ${JSON.stringify(String(value))}: ${error}`,
			});
		}
	}
	return causes;
}
