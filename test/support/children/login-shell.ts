// What a login shell does with its job when the terminal hangs up (a closed SSH session): it gets SIGHUP as the
// session leader and passes it on. `node --import tsx login-shell.ts STATUS_FILE COMMAND ARGS...` runs COMMAND on
// the same terminal, writes its pid to STATUS_FILE.pid and how it ended ("code=N" or "signal=NAME") to STATUS_FILE.
import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';

const [statusFile = '', command = '', ...args] = process.argv.slice(2);
const job = spawn(command, args, {stdio: 'inherit'});
writeFileSync(`${statusFile}.pid`, String(job.pid));
process.on('SIGHUP', () => job.kill('SIGHUP'));
job.on('exit', (code, signal) => {
	writeFileSync(statusFile, code === null ? `signal=${signal}` : `code=${code}`);
	process.exit(0);
});
