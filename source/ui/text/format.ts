// Text helpers: ages, revisions, one-line sanitising and fixed-width cells.
import {compactLine, printableLine} from '../../core/util/terminal-text.js';

/** A label and how long it stays valid, so callers re-render only when it changes. */
type Timed = {text: string; validForMs: number};

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

// "updated … ago" steps: coarse on purpose, so an idle screen stays byte-identical.
const agoSteps: Array<[number, string]> = [
	[10 * second, '10s ago'],
	[30 * second, '30s ago'],
	[minute, '1m ago'],
	[2 * minute, '2m ago'],
	[5 * minute, '5m ago'],
	[10 * minute, '10m ago'],
	[30 * minute, '30m ago'],
	[hour, '1h ago'],
	[2 * hour, '2h ago'],
	[6 * hour, '6h ago'],
	[12 * hour, '12h ago'],
	[day, '1d ago'],
];

export function coarseAgo(elapsedMs: number): Timed {
	if (elapsedMs < 10 * second) return {text: 'just now', validForMs: 10 * second - Math.max(0, elapsedMs)};
	if (elapsedMs >= 2 * day) {
		const days = Math.floor(elapsedMs / day);
		return {text: `${days}d ago`, validForMs: (days + 1) * day - elapsedMs};
	}

	for (let index = agoSteps.length - 1; index >= 0; index--) {
		const [start, text] = agoSteps[index]!;
		if (elapsedMs >= start) {
			const next = agoSteps[index + 1]?.[0] ?? 2 * day;
			return {text, validForMs: next - elapsedMs};
		}
	}

	return {text: 'just now', validForMs: 10 * second - elapsedMs};
}

/** Short age for table cells: <1m, 5m, 3h, 4d. */
export function shortAge(elapsedMs: number): Timed {
	const elapsed = Math.max(0, elapsedMs);
	if (elapsed < minute) return {text: '<1m', validForMs: minute - elapsed};
	if (elapsed < hour) return stepped(elapsed, minute, 'm');
	if (elapsed < 2 * day) return stepped(elapsed, hour, 'h');
	return stepped(elapsed, day, 'd');
}

function stepped(elapsed: number, unit: number, suffix: string): Timed {
	const count = Math.floor(elapsed / unit);
	return {text: `${count}${suffix}`, validForMs: (count + 1) * unit - elapsed};
}

/** Age of an ISO timestamp relative to now, or '-' when unknown. */
export function ageOf(iso: string | null, now: number): Timed {
	if (!iso) return {text: '-', validForMs: Number.POSITIVE_INFINITY};
	const at = Date.parse(iso);
	if (Number.isNaN(at)) return {text: '-', validForMs: Number.POSITIVE_INFINITY};
	return shortAge(now - at);
}

const hexDigest = /^[0-9a-f]{8,}$/i;

function shortDigest(value: string): string {
	const digest = value.replace(/^(sha1|sha256|sha512):/i, '');
	return hexDigest.test(digest) ? digest.slice(0, 7) : value;
}

/**
 * Readable short revision: a bare SHA becomes 7 chars, Flux's
 * `main@sha1:0123abcd…` becomes `main@0123abc`, chart versions stay as they are.
 */
export function shortRevision(revision: string): string {
	if (!revision) return '-';
	const at = revision.lastIndexOf('@');
	if (at <= 0) return shortDigest(revision);
	const reference = revision.slice(0, at).replace(/^refs\/(heads|tags)\//, '');
	return `${reference}@${shortDigest(revision.slice(at + 1))}`;
}

const kindAbbreviations: Record<string, string> = {
	Application: 'App',
	Kustomization: 'Ks',
	HelmRelease: 'HR',
	ApplicationSet: 'ASet',
};

export function shortKind(kind: string): string {
	return kindAbbreviations[kind] ?? kind.slice(0, 4);
}

/**
 * One printable line: newlines and tabs become spaces, and any other character a terminal would act on (a cluster
 * message must never move the cursor) becomes a visible escape, the same as on the CLI. In ASCII mode anything
 * outside printable ASCII becomes '?'.
 */
export function printable(text: string, ascii: boolean): string {
	const line = printableLine(text);
	return ascii ? asciiOnly(line) : line;
}

/** `printable`, with runs of spaces collapsed and the ends trimmed. */
export function oneLine(text: string, ascii: boolean): string {
	const line = compactLine(text);
	return ascii ? asciiOnly(line) : line;
}

function asciiOnly(text: string): string {
	return text.replace(/[^\u0020-\u007E]/g, '?');
}

/** Cut to `width` characters, marking the cut with `ellipsis`. */
export function truncate(text: string, width: number, ellipsis: string): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	if (width <= ellipsis.length) return text.slice(0, width);
	return text.slice(0, width - ellipsis.length) + ellipsis;
}

/** Exactly `width` characters: truncated or padded with spaces. */
export function cell(text: string, width: number, ellipsis: string): string {
	return truncate(text, width, ellipsis).padEnd(width, ' ');
}

/** Word-wrap into at most `maxLines` lines of `width`; the last line is truncated. */
export function wrapText(text: string, width: number, maxLines: number, ellipsis: string): string[] {
	if (width <= 0 || maxLines <= 0) return [];
	const lines: string[] = [];
	let current = '';
	const words = text.split(' ').filter(word => word !== '');
	for (let index = 0; index < words.length; index++) {
		let word = words[index]!;
		while (word.length > width) {
			// A word longer than the line (URLs, digests): hard-split it.
			if (current) {
				lines.push(current);
				current = '';
			}

			lines.push(word.slice(0, width));
			word = word.slice(width);
		}

		if (!current) current = word;
		else if (current.length + 1 + word.length <= width) current += ` ${word}`;
		else {
			lines.push(current);
			current = word;
		}
	}

	if (current) lines.push(current);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = truncate(`${kept[maxLines - 1]!} ${lines[maxLines]!}`, width, ellipsis);
	return kept;
}

/** Local, minute-precision timestamp for detail views; '-' when unknown. */
export function timestamp(iso: string | null): string {
	if (!iso) return '-';
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return iso;
	return at
		.toISOString()
		.replace('T', ' ')
		.replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/**
 * When the list last changed, as a time of day (UTC, as the detail's timestamps): it does not tick, so a live,
 * idle screen writes nothing. Another day than today gets its date.
 */
export function changeTime(at: number, now: number): string {
	const stamp = timestamp(new Date(at).toISOString());
	return stamp.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? stamp.slice(11) : stamp;
}
