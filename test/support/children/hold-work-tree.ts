// A driftwatch process in the middle of an action on a repository's work tree, for as long as the test wants:
// `node --import tsx hold-work-tree.ts URL` prints `holding` once it has the work tree and lets go when stdin ends.
import {userGitSetup} from '../../../source/core/git/git-setup.js';
import {WorkTree} from '../../../source/core/git/work-tree.js';

const [url = ''] = process.argv.slice(2);
const tree = new WorkTree(url, userGitSetup());
await tree.exclusive(async () => {
	await tree.sync();
	process.stdout.write('holding\n');
	process.stdin.resume();
	await new Promise(resolve => process.stdin.once('end', resolve));
});
