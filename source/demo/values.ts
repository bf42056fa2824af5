// Small value helpers shared by the demo builders: stable fake commit SHAs and
// digests (derived from a label, so every run shows the same ones) and times
// relative to now (so ages in the UI look recent).

import {createHash} from 'node:crypto';

/** A 40-hex commit SHA that always comes out the same for the same label. */
export function commitSha(label: string): string {
	return createHash('sha1').update(`commit:${label}`).digest('hex');
}

/** `sha256:<64 hex>` for the same label every time. */
export function digest(label: string): string {
	return `sha256:${createHash('sha256').update(`digest:${label}`).digest('hex')}`;
}

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** RFC 3339 time `ms` before `now`, without fractional seconds as Kubernetes writes it. */
export function isoAgo(ms: number, now = Date.now()): string {
	return new Date(now - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoNow(): string {
	return isoAgo(0);
}
