import {type ChildProcessByStdio, spawn} from 'node:child_process';
import type {Readable} from 'node:stream';
import {cleanUpOnExit} from '../util/exit-cleanup.js';
import {errorText} from '../util/error-text.js';

/** The kubeconfig `user.exec` stanza (client.authentication.k8s.io). */
export type ExecConfig = {
	command: string;
	args?: string[];
	env?: Array<{name: string; value: string}> | null;
	apiVersion?: string;
};

export type ExecCredential = {
	token?: string;
	clientCertificateData?: string;
	clientKeyData?: string;
	/** Epoch ms after which the plugin must be asked again; null = until the server rejects it. */
	expiresAt: number | null;
};

/** A plugin that failed, printed nothing usable or did not answer: the user must re-login, never a crash. */
export class CredentialPluginError extends Error {
	override name = 'CredentialPluginError';
}

/** kubectl lets a plugin take as long as it likes; a monitor must not hang on one (an SSO prompt nobody sees). */
const pluginDeadlineMs = 10_000;

/**
 * Run an exec credential plugin once. It runs in its own process group so that
 * when the deadline passes the whole group dies: a plugin is often a shell
 * script whose child (the real CLI) would otherwise keep the pipes, and our
 * process, alive.
 */
export function runCredentialPlugin(exec: ExecConfig, deadlineMs = pluginDeadlineMs): Promise<ExecCredential> {
	const command = exec.command;
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const entry of exec.env ?? []) env[entry.name] = entry.value;
	// Non-interactive: we own the terminal (or have none); a plugin that needs a prompt must fail fast.
	env['KUBERNETES_EXEC_INFO'] = JSON.stringify({
		apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
		kind: 'ExecCredential',
		spec: {interactive: false},
	});
	return new Promise((resolve, reject) => {
		let child: ChildProcessByStdio<null, Readable, Readable>;
		try {
			child = spawn(command, exec.args ?? [], {env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
		} catch (error) {
			reject(new CredentialPluginError(`credential plugin ${command} could not start: ${errorText(error)}`));
			return;
		}
		let stdout = '';
		let stderr = '';
		let settled = false;
		const killGroup = () => {
			if (child.pid === undefined) return;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		};
		// Our own exit (Ctrl-C, `status` giving up) must not leave the plugin running.
		const forget = cleanUpOnExit(killGroup);
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(deadline);
			forget();
			outcome();
		};
		const deadline = setTimeout(() => {
			killGroup();
			finish(() => reject(new CredentialPluginError(`credential plugin ${command} did not answer in ${Math.round(deadlineMs / 1000)} s`)));
		}, deadlineMs);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', error =>
			finish(() => reject(new CredentialPluginError(`credential plugin ${command} could not start: ${errorText(error)}`))),
		);
		child.on('close', code => {
			finish(() => {
				if (code !== 0) {
					reject(new CredentialPluginError(`credential plugin failed: ${errorText(stderr) || `${command} exited with ${code}`}`));
					return;
				}
				try {
					resolve(parseCredential(stdout));
				} catch {
					// Not the parser's message: it quotes the output, which may hold a secret.
					reject(new CredentialPluginError(`credential plugin ${command} printed no ExecCredential with a token or client certificate`));
				}
			});
		});
	});
}

function parseCredential(text: string): ExecCredential {
	const parsed = JSON.parse(text) as {
		status?: {token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown; expirationTimestamp?: unknown};
	};
	const status = parsed.status ?? {};
	const token = typeof status.token === 'string' ? status.token : undefined;
	const cert = typeof status.clientCertificateData === 'string' ? status.clientCertificateData : undefined;
	const key = typeof status.clientKeyData === 'string' ? status.clientKeyData : undefined;
	if (!token && !(cert && key)) throw new Error('no status.token and no client certificate');
	const expiry = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : Number.NaN;
	return {
		...(token ? {token} : {}),
		...(cert && key ? {clientCertificateData: cert, clientKeyData: key} : {}),
		expiresAt: Number.isNaN(expiry) ? null : expiry,
	};
}
