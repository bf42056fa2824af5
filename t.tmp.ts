import {spawn} from 'node:child_process';
import {replayTerminal} from './test/support/terminal-screen.js';
const t = spawn('script', ['-qfc', `stty rows 30 cols 120; exec ${process.execPath} bin/driftwatch.js demo --clusters 3`, '/dev/null'], {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, TERM: 'xterm-256color'}});
let out = '';
t.stdout.on('data', c => (out += String(c)));
await new Promise(r => setTimeout(r, Number(process.argv[2] ?? 25000)));
console.log(replayTerminal(out, {columns: 120, rows: 30}).join('\n'));
t.stdin.write('q');
await new Promise(r => t.on('exit', r));
