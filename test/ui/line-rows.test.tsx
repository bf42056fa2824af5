// A list row is drawn as one pre-styled text (Line's `fullWidth`): cheaper for Ink on every frame, and byte for byte
// what the row's <Text>s draw, in colour or not, selected or not, dimmed or not, whatever glyphs and tones it has.
import './force-color.js';
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {renderToString} from 'ink';
import type {AppSummary, HealthStatus, SyncStatus} from '../../source/core/apps/model.js';
import {appRowSegments} from '../../source/ui/components/app-row.js';
import {appColumns} from '../../source/ui/text/columns.js';
import {asciiGlyphs, unicodeGlyphs} from '../../source/ui/style/glyphs.js';
import {Line, LineWidthContext, type Segment} from '../../source/ui/components/line.js';
import type {Role, Tone} from '../../source/ui/style/theme.js';
import {UiContext, uiSettings} from '../../source/ui/style/ui-context.js';
import {makeApp} from './fixtures.js';

type Look = {color: boolean; ascii: boolean; selected: boolean; dimmed: boolean};

function draw(segments: readonly Segment[], look: Look, columns: number, fullWidth: boolean): string {
	return renderToString(
		<UiContext.Provider value={uiSettings({ascii: look.ascii, color: look.color})}>
			<LineWidthContext.Provider value={columns}>
				<Line segments={segments} selected={look.selected} dimmed={look.dimmed} fullWidth={fullWidth} />
			</LineWidthContext.Provider>
		</UiContext.Provider>,
		{columns},
	);
}

const looks: Look[] = [true, false].flatMap(color =>
	[true, false].flatMap(ascii => [true, false].flatMap(selected => [true, false].map(dimmed => ({color, ascii, selected, dimmed})))),
);

function assertSameDrawing(segments: readonly Segment[], columns: number, what: string): void {
	for (const look of looks) {
		const expected = draw(segments, look, columns, false);
		assert.equal(draw(segments, look, columns, true), expected, `${what} (${JSON.stringify(look)})`);
	}
}

const healths: HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];
const syncs: SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
const roles: Role[] = [
	'plain',
	'title',
	'context',
	'muted',
	'accent',
	'error',
	'warning',
	'good',
	'heading',
	'selected',
	'added',
	'removed',
	'production',
];

describe('a list row drawn as one text', () => {
	test('app rows in every health and sync state, with and without a status message, wide and narrow', () => {
		const apps: AppSummary[] = healths.map((health, index) =>
			makeApp({
				name: `app-${health}`.toLowerCase(),
				kind: 'Application',
				health,
				sync: syncs[index % syncs.length]!,
				stateLabel: health === 'Degraded' ? 'Sync failed' : '',
				message: health === 'Healthy' ? '' : 'Deployment exceeded its progress deadline while waiting for the rollout to finish',
			}),
		);
		for (const columns of [160, 60]) {
			const widths = appColumns(columns, apps);
			for (const app of apps) {
				for (const color of [true, false]) {
					for (const ascii of [false, true]) {
						for (const [selected, notLive] of [
							[false, false],
							[true, false],
							[false, true],
							[true, true],
						] as const) {
							const segments = appRowSegments(app, widths, selected, '2h', ascii ? asciiGlyphs : unicodeGlyphs, ascii, null, notLive);
							const look = {color, ascii, selected, dimmed: notLive};
							const what = `${app.name} at ${columns} columns (${JSON.stringify(look)})`;
							assert.equal(draw(segments, look, columns, true), draw(segments, look, columns, false), what);
						}
					}
				}
			}
		}
	});

	test('every glyph of both sets, in every tone', () => {
		const glyphs = [unicodeGlyphs, asciiGlyphs].flatMap(set =>
			Object.values(set).flatMap(value => (typeof value === 'string' ? [value] : Object.values(value))),
		);
		const tones: Tone[] = [
			...roles,
			...healths.map(health => ({health})),
			...syncs.map(sync => ({sync})),
			{phase: 'stale'},
			{phase: 'unauthorized'},
		];
		const segments: Segment[] = tones.map((tone, index) => ({text: `${glyphs[index % glyphs.length]} word${index} `, tone}));
		segments.push({text: glyphs.join(''), tone: 'muted'}, {text: 'untoned end'});
		assertSameDrawing(segments, 400, 'glyphs and tones');
		// Cut to the width, with the glyph set's ellipsis.
		assertSameDrawing(segments, 70, 'glyphs and tones, cut');
	});

	test('characters not known to take one column (accents, wide characters, emoji) are drawn the same too', () => {
		const segments: Segment[] = [
			{text: '> ', tone: 'accent'},
			{text: 'café-应用-🚀 ', tone: 'plain'},
			{text: 'e\u0301 combining ', tone: 'muted'},
			{text: 'tail', tone: 'error'},
		];
		assertSameDrawing(segments, 80, 'other characters');
		assertSameDrawing(segments, 12, 'other characters, cut');
	});

	test('an empty line keeps its place', () => {
		assertSameDrawing([], 40, 'no segments');
		assertSameDrawing([{text: ''}], 40, 'an empty segment');
	});
});
