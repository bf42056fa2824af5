// Actions from the TUI on a live monitor: nothing is sent before an explicit `y`, an identity that may not write
// is told so in the confirmation, and a read-only session sends no write of any kind whatever keys are pressed
// (the sandbox records every request it receives).
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, test} from 'node:test';
import {AuditLog, readAuditLog} from '../../source/core/actions/audit-log.js';
import {requestJson} from '../../source/core/kube/http.js';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import type {LiveMonitor} from '../../source/core/monitor/live-monitor.js';
import {sandboxOrSkip} from '../support/backend.js';
import {tuiSuite} from './support/tui.js';
import {argoApp, kustomization} from '../support/fixtures.js';
import {rowOf} from '../support/app-harness.js';
import {fluxSystemSource, prepareCluster, putAll, sharedFluxSources} from './support/seed.js';

const namespace = 'tui-actions';
const escapeKey = '\u001B';

/** Poll an async check with a deadline (waitFor takes synchronous checks). */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

describe('actions from the TUI', () => {
	let stateDir: string;
	const suite = tuiSuite(async kc => {
		stateDir = mkdtempSync(join(tmpdir(), 'driftwatch-audit-'));
		await prepareCluster(kc, [namespace]);
		await sharedFluxSources(kc);
		await putAll(kc, [
			argoApp('payments', namespace, {sync: 'OutOfSync'}),
			argoApp('ledger', namespace, {sync: 'OutOfSync'}),
			kustomization('infra', namespace, {source: fluxSystemSource('GitRepository', 'flux-system')}),
		]);
	});
	const show = (monitor: LiveMonitor) => suite.show(monitor);
	after(() => {
		if (stateDir) rmSync(stateDir, {recursive: true, force: true});
	});

	async function application(name: string): Promise<KubeObject> {
		return requestJson<KubeObject>(suite.backend.kubeConfig(), `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications/${name}`);
	}

	test('S opens a confirmation naming context, namespace and app; Enter and Esc send nothing; y writes the operation', async () => {
		const audit = new AuditLog(join(stateDir, 'sync.log'));
		const monitor = suite.monitors.open({namespace, audit});
		const ui = show(monitor);
		await ui.until(text => Boolean(rowOf(text, 'payments')), 'payments listed');
		ui.press('/payments\r');
		await ui.until(text => rowOf(text, 'infra') === undefined, 'filtered');
		ui.press('S');
		let frame = await ui.until(text => /Sync Application/.test(text) && !/preparing/.test(text), 'the confirmation');
		assert.match(frame, new RegExp(`Context +${suite.backend.adminContext}`));
		assert.match(frame, new RegExp(namespace));
		assert.match(frame, /payments/);
		ui.press('\r');
		ui.press(escapeKey);
		await ui.until(text => !/Sync Application/.test(text), 'closed without sending');
		assert.equal((await application('payments'))['operation'], undefined, 'Enter and Esc sent nothing');

		ui.press('S');
		await ui.until(text => /Sync Application/.test(text) && !/preparing/.test(text), 'the confirmation again');
		ui.press('y');
		const written = await eventually(
			async () => (await application('payments'))['operation'] as Record<string, any> | undefined,
			10_000,
			`operation written; frame:\n${ui.frame()}`,
		);
		assert.ok(written['sync'], 'a sync operation');
		frame = await ui.until(text => /Sync/.test(rowOf(text, 'payments') ?? ''), 'progress on the row');
		const lines = await eventually(
			async () => {
				// The start line is written before the operation; the outcome follows it.
				const entries = await readAuditLog(audit.path).catch(() => []);
				return entries.length > 0 && entries[0]!.result !== 'unfinished' ? entries : undefined;
			},
			5000,
			'an audit line with the outcome',
		);
		assert.equal(lines[0]!.action, 'sync');
		assert.equal(lines[0]!.result, 'ok');
		assert.equal(lines[0]!.app, 'payments');
	});

	test('an identity that may not write: the confirmation says so before y is pressed, and y sends nothing', async () => {
		const monitor = suite.monitors.open({
			context: suite.backend.viewerContext,
			namespace,
			audit: new AuditLog(join(stateDir, 'viewer.log')),
		});
		const ui = show(monitor);
		await ui.until(text => Boolean(rowOf(text, 'ledger')), 'ledger listed');
		const before = (await application('ledger')).metadata?.resourceVersion;
		ui.press('/ledger\r');
		await ui.until(text => rowOf(text, 'payments') === undefined, 'filtered');
		ui.press('S');
		const frame = await ui.until(text => /Cannot run/.test(text), 'the confirmation refusing the sync');
		const words = frame.replace(/[│┃|]/g, ' ').replace(/\s+/g, ' ');
		assert.ok(
			words.includes(
				`Cannot run: your identity (context ${suite.backend.viewerContext}) may not patch applications.argoproj.io in ${namespace}: nothing was changed`,
			),
			frame,
		);
		ui.press('y');
		await monitor.settled(5000);
		assert.equal((await application('ledger')).metadata?.resourceVersion, before, 'the app was not written');
	});

	test('--readonly: a whole session of action keys sends no write of any kind', async t => {
		const sandbox = sandboxOrSkip(t, suite.backend, "the request log is the sandbox's");
		if (!sandbox) return;
		const audit = new AuditLog(join(stateDir, 'readonly.log'));
		const monitor = suite.monitors.open({namespace, readonly: true, audit});
		const ui = show(monitor);
		const frame = await ui.until(text => Boolean(rowOf(text, 'payments')) && Boolean(rowOf(text, 'infra')), 'apps listed');
		assert.match(frame, /read-only/);
		const firstRequest = sandbox.requests.length;
		const before = (await application('payments')).metadata?.resourceVersion;
		for (const keys of [
			'S',
			'y',
			'r',
			'y',
			'R',
			'y',
			'T',
			'y',
			'B',
			'\r',
			'y',
			'A',
			'y',
			'u',
			'y',
			':sync\r',
			'y',
			'j',
			'S',
			'y',
			'r',
			'y',
			'u',
			'y',
			'B',
			'y',
			'\r',
			'S',
			'y',
			escapeKey,
		]) {
			ui.press(keys);
		}
		await ui.until(text => /read-only/.test(text), 'still read-only');
		// Let anything the keys might have started reach the server before looking.
		await monitor.settled(5000);
		const writes = sandbox.requests.slice(firstRequest).filter(request => request.method !== 'GET' && !/dryRun=All/.test(request.query));
		assert.deepEqual(
			writes.map(request => `${request.method} ${request.path}`),
			[],
		);
		assert.equal((await application('payments')).metadata?.resourceVersion, before, 'the app was not written');
		// Each refused attempt is on record.
		const entries = await eventually(
			async () => {
				const lines = await readAuditLog(audit.path).catch(() => []);
				return lines.length >= 3 ? lines : undefined;
			},
			5000,
			`refused attempts in the audit log; frame:\n${ui.frame()}`,
		);
		assert.ok(
			entries.every(entry => entry.result === 'refused'),
			JSON.stringify(entries.map(entry => entry.result)),
		);
		assert.ok(entries.some(entry => entry.action === 'sync'));
	});
});
