import {structuredPatch} from 'diff';
import {stringify} from 'yaml';
import type {KubeObject} from '../kube/resource-type.js';
import {hunksFromEditScript, formatUnified} from './hunks.js';
import {anchoredLineDiff} from './line-diff.js';
import {maskSecretPair} from './mask.js';
import {sortKeysDeep} from './normalize.js';
import type {DiffHeader, Hunk, ResourceDiff} from './types.js';

export type UnifiedDiffOptions = {
	/** Unchanged lines around each change; 3 as diff -u. */
	context?: number;
	/** File labels in the ---/+++ lines; a missing side is /dev/null. */
	leftLabel?: string;
	rightLabel?: string;
};

// Beyond this many line edits plain Myers turns slow (O(N·D)); the anchored diff takes over.
const MYERS_EDIT_BUDGET = 300;

function toYaml(object: KubeObject | null): string {
	// lineWidth 0: never fold long strings, so a line diff follows the data. YAML 1.1 rules, as kubectl prints:
	// a string that 1.1 would read as something else (yes, on, NO, y, 0777, 1:20, 2001-12-14) is quoted, so the
	// text means to a reader what the value is.
	return object ? stringify(sortKeysDeep(object), {lineWidth: 0, minContentWidth: 0, version: '1.1'}) : '';
}

function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

function lineHunks(leftText: string, rightText: string, context: number): Hunk[] {
	const patch = structuredPatch('left', 'right', leftText, rightText, undefined, undefined, {context, maxEditLength: MYERS_EDIT_BUDGET});
	if (patch) return patch.hunks;
	return hunksFromEditScript(anchoredLineDiff(splitLines(leftText), splitLines(rightText)), context);
}

function objectPath(header: DiffHeader): string {
	return header.namespace ? `${header.kind}/${header.namespace}/${header.name}` : `${header.kind}/${header.name}`;
}

/** A ResourceDiff as plain data (no text()): what a worker thread sends back. */
export type ResourceDiffData = Omit<ResourceDiff, 'text'> & {leftLabel: string; rightLabel: string};

/**
 * Unified diff of two objects rendered as YAML with sorted keys. Left is the live side, right the desired
 * one (kubectl diff's direction). Secret values are masked on both sides before any text is made.
 */
export function unifiedDiff(
	left: KubeObject | null,
	right: KubeObject | null,
	header: DiffHeader,
	options: UnifiedDiffOptions = {},
): ResourceDiff {
	return withText(unifiedDiffData(left, right, header, options));
}

/** unifiedDiff as plain data. */
export function unifiedDiffData(
	left: KubeObject | null,
	right: KubeObject | null,
	header: DiffHeader,
	options: UnifiedDiffOptions = {},
): ResourceDiffData {
	const context = Math.max(0, options.context ?? 3);
	const [maskedLeft, maskedRight] = maskSecretPair(left, right);
	// Most objects of an app do not differ: equal JSON (keys in one order) is equal YAML, and JSON costs a
	// hundredth of YAML's price. Both sides are JSON as the API server sent it (no Dates, no undefined). An
	// unchanged object's text is never shown (no hunk to print, nothing for an external tool), so none is made:
	// YAML for every object of a 500-object app was a tenth of a diff's CPU time.
	const same =
		maskedLeft !== null && maskedRight !== null && JSON.stringify(sortKeysDeep(maskedLeft)) === JSON.stringify(sortKeysDeep(maskedRight));
	const leftText = same ? '' : toYaml(maskedLeft);
	const rightText = same ? '' : toYaml(maskedRight);
	const hunks = leftText === rightText ? [] : lineHunks(leftText, rightText, context);
	const change = !left && right ? 'added' : left && !right ? 'removed' : hunks.length > 0 ? 'modified' : 'unchanged';
	const leftLabel = left ? (options.leftLabel ?? `live/${objectPath(header)}`) : '/dev/null';
	const rightLabel = right ? (options.rightLabel ?? `desired/${objectPath(header)}`) : '/dev/null';
	return {header, change, hunks, leftText, rightText, leftLabel, rightLabel};
}

/** The diff, with its text(), from its data. */
export function withText(data: ResourceDiffData): ResourceDiff {
	const {leftLabel, rightLabel, ...diff} = data;
	return {...diff, text: () => (diff.hunks.length === 0 ? '' : formatUnified(leftLabel, rightLabel, diff.hunks))};
}
