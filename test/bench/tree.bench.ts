// `npm run bench:tree`: what a resource tree of a large app costs per update and per frame. Builds the tree of
// DRIFTWATCH_BENCH_DEPLOYMENTS (default 500) Deployments — each with two ReplicaSets and two Pods, 2 500 objects —
// RUNS times (as a watch event does), then the visible rows and the lines of one 80×24 window (as a key does).
import {performance} from 'node:perf_hooks';
import {buildResourceTree, visibleRows} from '../../source/core/tree/resource-tree.js';
import {treeRowsOf, withDefaultOpen} from '../../source/ui/state/tree-nav.js';
import {unicodeGlyphs} from '../../source/ui/style/glyphs.js';
import {treeRowLine} from '../../source/ui/text/tree-lines.js';
import {largeTreeInput} from '../support/large-tree.js';

const deployments = Number(process.env['DRIFTWATCH_BENCH_DEPLOYMENTS'] ?? 500);
const runs = Number(process.env['DRIFTWATCH_BENCH_RUNS'] ?? 50);
const input = largeTreeInput(deployments);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function time(work: () => void): number {
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		work();
		times.push(performance.now() - start);
	}
	return median(times);
}

const tree = buildResourceTree(input);
const open = withDefaultOpen(new Set(), tree);
const build = time(() => buildResourceTree(input));
const rows = time(() => visibleRows(tree, key => open.has(key)));
const allRows = time(() => visibleRows(tree, () => true));
const rowsOf = treeRowsOf(tree, open);
const view = {appId: 'big', selectedKey: null, index: 0, toggled: {}, top: 0};
const window = time(() => {
	const shown = rowsOf(view).slice(0, 22);
	for (const row of shown) treeRowLine(row, unicodeGlyphs, false, false);
});
console.log(`resource tree, ${deployments} Deployments (${tree.count} objects), median of ${runs} runs:`);
console.log(`  rebuild on a watch event   ${build.toFixed(2)} ms`);
console.log(`  visible rows (default)     ${rows.toFixed(2)} ms`);
console.log(`  visible rows (all open)    ${allRows.toFixed(2)} ms`);
console.log(`  one 80x24 window of lines  ${window.toFixed(3)} ms`);
