// A driftwatch process reverting a native app's path in Git (rollback with revert): `node --import tsx
// native-revert.ts URL PATH TO EXPECTED_HEAD` prints `ready`, reverts when a line arrives on stdin (the test's start
// signal), and prints the result as one JSON line.
import {createInterface} from 'node:readline';
import {revertPathTo} from '../../../source/core/actions/git-revert.js';
import {userGitSetup} from '../../../source/core/git/git-setup.js';

const [url = '', path = '', to = '', expectedHead = ''] = process.argv.slice(2);
process.stdout.write('ready\n');
await new Promise(resolve => createInterface({input: process.stdin}).once('line', resolve));
const result = await revertPathTo({url, branch: 'main', path, to, expectedHead, user: `racer-${process.pid}`, setup: userGitSetup()});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
