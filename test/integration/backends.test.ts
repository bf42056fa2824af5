// The multi-context test support (test/support/backends.ts), checked on whichever backend this run uses: one
// kubeconfig naming several servers — with DRIFTWATCH_TEST_BACKEND=cluster the first is the real kube-apiserver —
// each context reaching its own server, and one server going down and coming back on the same address.
import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {after, before, describe, test} from 'node:test';
import {KubeConfig} from '@kubernetes/client-node';
import {requestJson} from '../../source/core/kube/http.js';
import {statusOf} from '../support/fixtures.js';
import {backendName} from '../support/backend.js';
import {startBackends, type TestBackends} from '../support/backends.js';

const namespace = 'backends-contract';

/** Whether a TCP connection to the URL's address is accepted (false: refused). */
function accepts(url: string): Promise<boolean> {
	const {hostname, port} = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = connect({host: hostname, port: Number(port)});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(false) : reject(error)));
	});
}

const configMapNames = async (backends: TestBackends, context: string) =>
	(
		await requestJson<{items: Array<{metadata: {name: string}}>}>(
			backends.kubeConfig(context),
			`/api/v1/namespaces/${namespace}/configmaps`,
		)
	).items.map(item => item.metadata.name);

describe(`several backends in one kubeconfig (first: ${backendName()})`, () => {
	let backends: TestBackends;

	before(async () => {
		backends = await startBackends(['east', 'west', 'lab']);
		// The same namespace everywhere, and a ConfigMap named after its server in each.
		for (const context of backends.contexts) {
			const kc = backends.kubeConfig(context);
			await requestJson(kc, '/api/v1/namespaces', {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}),
			});
			await requestJson(kc, `/api/v1/namespaces/${namespace}/configmaps`, {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `on-${context}`, namespace}}),
			});
		}
	});
	after(async () => {
		await backends?.close();
	});

	test("a context and a viewer context per server, the first current; the first is the run's backend", () => {
		const kc = backends.kubeConfig('east');
		assert.deepEqual(
			kc.getContexts().map(context => context.name),
			['east', 'east-viewer', 'west', 'west-viewer', 'lab', 'lab-viewer'],
		);
		const current = new KubeConfig();
		current.loadFromFile(backends.kubeconfigPath);
		assert.equal(current.getCurrentContext(), 'east');
		assert.deepEqual(
			backends.members.map(member => member.backend.name),
			[backendName(), 'sandbox', 'sandbox'],
		);
		assert.equal(new Set(backends.members.map(member => member.url)).size, 3);
	});

	test('each context reaches its own server; viewers read and may not write', async () => {
		for (const context of backends.contexts) assert.deepEqual(await configMapNames(backends, context), [`on-${context}`]);
		for (const member of backends.members) {
			assert.deepEqual(await configMapNames(backends, member.viewerContext), [`on-${member.context}`]);
			const write = requestJson(backends.kubeConfig(member.viewerContext), `/api/v1/namespaces/${namespace}/configmaps`, {
				method: 'POST',
				body: JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'by-viewer', namespace}}),
			});
			assert.equal(await statusOf(write), 403, `${member.viewerContext} may not create`);
		}
	});

	test('addUser: a limited user of one server, under CONTEXT-NAME', async () => {
		const context = await backends.addUser('east', 'reader', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps']}]);
		assert.equal(context, 'east-reader');
		assert.deepEqual(await configMapNames(backends, context), ['on-east']);
		// The other servers' contexts are as they were.
		assert.deepEqual(await configMapNames(backends, 'west'), ['on-west']);
	});

	for (const first of [true, false]) {
		test(`stop ${first ? 'the first' : 'a sandbox'}: refused while down, the others answer; start: the same address and data`, async () => {
			const member = backends.members[first ? 0 : 1]!;
			const others = backends.members.filter(other => other !== member);
			await backends.stop(member.context, {crash: !first});
			assert.equal(await accepts(member.url), false, `${member.context} refuses connections while down`);
			for (const other of others) assert.deepEqual(await configMapNames(backends, other.context), [`on-${other.context}`]);

			await backends.start(member.context);
			assert.equal(backends.kubeConfig(member.context).getCurrentCluster()?.server, member.url);
			assert.equal(await accepts(member.url), true);
			assert.deepEqual(await configMapNames(backends, member.context), [`on-${member.context}`]);
		});
	}
});
