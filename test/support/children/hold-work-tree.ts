// A driftwatch process in the middle of an action on a repository's work tree, for as long as the test wants:
// `node --import tsx hold-work-tree.ts URL` prints `holding` once it has the work tree and lets go when stdin ends.
import {gitEnvironment} from '../../../source/core/git/git-env.js';
import {workTreeRoot, WorkTree} from '../../../source/core/actions/flux/work-tree.js';

const [url = ''] = process.argv.slice(2);
const tree = new WorkTree(url, gitEnvironment(process.env), workTreeRoot(process.env));
await tree.exclusive(async () => {
	await tree.sync();
	process.stdout.write('holding\n');
	process.stdin.resume();
	await new Promise(resolve => process.stdin.once('end', resolve));
});
