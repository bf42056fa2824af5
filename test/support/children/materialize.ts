// A driftwatch process with a temporary checkout: `node --import tsx materialize.ts MODE` writes one (in TMPDIR)
// and prints its root. MODE `wait`: keeps it until stdin ends (the test signals the process meanwhile); `exit`:
// calls process.exit(3) without disposing it; `sweep`: disposes it, then prints what the sweep of abandoned
// checkouts removed, as JSON.
import {sweepAbandonedTrees, writeTree} from '../../../source/core/git/materialize.js';

const [mode = 'wait'] = process.argv.slice(2);
const blob = Buffer.from('kind: ConfigMap\n');
const tree = await writeTree([{path: 'apps/web/cm.yaml', type: 'file', id: 'b1'}], new Map([['b1', blob]]), 'apps/web');
process.stdout.write(`${tree.root}\n`);
if (mode === 'exit') process.exit(3);
if (mode === 'sweep') {
	await tree.dispose();
	process.stdout.write(`${JSON.stringify(await sweepAbandonedTrees())}\n`);
} else {
	process.stdin.resume();
	await new Promise(resolve => process.stdin.once('end', resolve));
	await tree.dispose();
}
