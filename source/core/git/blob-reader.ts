import {spawn} from 'node:child_process';

/**
 * Reads many blobs with one `git cat-file --batch` process. Spawned directly
 * because simple-git decodes output as text, and blob sizes are in bytes.
 */
export function readBlobs(gitDir: string, env: Record<string, string>, ids: readonly string[]): Promise<Map<string, Buffer>> {
	if (ids.length === 0) return Promise.resolve(new Map());
	return new Promise((resolve, reject) => {
		const child = spawn('git', ['cat-file', '--batch'], {cwd: gitDir, env, stdio: ['pipe', 'pipe', 'pipe']});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', reject);
		child.on('close', code => {
			if (code !== 0) {
				reject(new Error(Buffer.concat(err).toString('utf8') || `git cat-file exited with ${code}`));
				return;
			}
			try {
				resolve(parseBatch(Buffer.concat(out)));
			} catch (error) {
				reject(error);
			}
		});
		child.stdin.on('error', () => {}); // EPIPE if git dies early: reported through 'close'
		child.stdin.end(`${ids.join('\n')}\n`);
	});
}

// Each answer is "<id> <type> <size>\n<content>\n", or "<id> missing\n".
function parseBatch(output: Buffer): Map<string, Buffer> {
	const blobs = new Map<string, Buffer>();
	let offset = 0;
	while (offset < output.length) {
		const end = output.indexOf(0x0a, offset);
		if (end < 0) throw new Error('truncated git cat-file output');
		const [id = '', type, size] = output.toString('utf8', offset, end).split(' ');
		offset = end + 1;
		if (type === 'missing' || size === undefined) continue;
		const length = Number(size);
		blobs.set(id, output.subarray(offset, offset + length));
		offset += length + 1;
	}
	return blobs;
}
