// `npm run bench`: how parsing and diffing a ConfigMap with tens of thousands of keys scale, each against a
// baseline measured in the same run on the same machine (so the ratios, not the milliseconds, are the result).
//   parse:  driftwatch's parse vs the yaml package's own duplicate-key check (what driftwatch used before);
//           time per doubling of the keys: ~2× is linear, ~4× quadratic.
//   diff:   one changed key among N vs JSON.stringify of both sides (a linear floor).
//   main thread: the longest the event loop waits while a large manifest is parsed in the worker vs inline.
import {performance} from 'node:perf_hooks';
import {parseAllDocuments} from 'yaml';
import {compareObjectsData} from '../../source/core/diff/drift-compare.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {parseManifestNow, parseManifestText} from '../../source/core/render/parse-yaml.js';
import {stopOffThread} from '../../source/core/util/off-thread.js';

function configMapText(keys: number): string {
	const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many-keys', '  namespace: default', 'data:'];
	for (let index = 0; index < keys; index++) lines.push(`  key-${String(index).padStart(6, '0')}: "value ${index}"`);
	return `${lines.join('\n')}\n`;
}

/** Median of `runs` timings of `work`, in ms. */
function time(work: () => unknown, runs = 3): number {
	const timings: number[] = [];
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		work();
		timings.push(performance.now() - start);
	}
	return timings.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
const ratio = (value: number) => `${value.toFixed(1)}×`;

console.log('parse (median of 3)            driftwatch    yaml default   baseline/driftwatch');
const sizes = [5000, 10_000, 20_000, 40_000];
const ours: number[] = [];
const baseline: number[] = [];
for (const keys of sizes) {
	const text = configMapText(keys);
	ours.push(time(() => parseManifestNow(text, 'many-keys.yaml')));
	// The baseline is quadratic: beyond 20 000 keys it alone would take minutes, so it stops there.
	baseline.push(
		keys <= 20_000
			? time(() => parseAllDocuments(text, {version: '1.1'}).map(document => document.toJS()), keys <= 10_000 ? 3 : 1)
			: Number.NaN,
	);
	const last = baseline.at(-1)!;
	console.log(
		`  ${String(keys).padStart(6)} keys (${(text.length / 1e6).toFixed(1)} MB)       ${ms(ours.at(-1)!)}   ${Number.isNaN(last) ? '     (skipped)' : ms(last)}   ${Number.isNaN(last) ? '' : ratio(last / ours.at(-1)!)}`,
	);
}
const growth = (series: number[]) =>
	series
		.slice(1)
		.map((value, index) => value / series[index]!)
		.filter(Number.isFinite);
console.log(
	`  time per doubling of keys: driftwatch ${growth(ours).map(ratio).join(', ')}; yaml default ${growth(baseline).map(ratio).join(', ')}`,
);

console.log('\ndiff of one changed key (median of 3)');
for (const keys of [10_000, 40_000]) {
	const parsed = parseManifestNow(configMapText(keys), 'many-keys.yaml');
	if (!parsed.ok) throw new Error(parsed.error.message);
	const desired = parsed.objects[0]!;
	const live: KubeObject = {...desired, data: {...(desired.data as Record<string, string>), 'key-000017': 'changed'}};
	const diff = time(() => compareObjectsData(desired, live));
	const floor = time(() => [JSON.stringify(desired), JSON.stringify(live)]);
	console.log(`  ${String(keys).padStart(6)} keys: ${ms(diff)}  = ${ratio(diff / floor)} JSON.stringify of both sides (${ms(floor)})`);
}

console.log('\nlongest wait of the main thread while 40 000 keys are parsed');
const text = configMapText(40_000);
/** The longest gap between ticks of a 5 ms timer while `work` runs: how long keys and signals would wait. */
async function longestWait(work: () => Promise<unknown>): Promise<number> {
	let last = performance.now();
	let longest = 0;
	const ticking = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 5);
	await new Promise(resolve => setTimeout(resolve, 20));
	longest = 0;
	last = performance.now();
	await work();
	await new Promise(resolve => setTimeout(resolve, 20));
	clearInterval(ticking);
	return longest;
}
await parseManifestText(text, 'warm-up.yaml');
const offThread = await longestWait(() => parseManifestText(text, 'many-keys.yaml'));
const inline = await longestWait(async () => parseManifestNow(text, 'many-keys.yaml'));
console.log(`  worker thread ${ms(offThread)}   inline ${ms(inline)}   inline/worker ${ratio(inline / offThread)}`);
await stopOffThread();
