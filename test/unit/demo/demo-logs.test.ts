// The demo shows logs: its crash-looping pods have a current and a previous log with the crash in it, running pods
// log requests, and the controllers' pods log about each app in their own formats, found the way driftwatch finds
// them (labels in their namespaces) and filtered to one app.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {streamControllerLogs} from '../../../source/core/logs/controller-logs.js';
import {podsOf} from '../../../source/core/logs/log-pods.js';
import {readPodLog} from '../../../source/core/logs/pod-log.js';
import {demoSessionFixture} from '../../support/demo-session.js';
import {waitFor} from '../../support/wait-for.js';

describe('demo logs', () => {
	const demo = demoSessionFixture({readonly: true});
	const {app} = demo;

	test("the Degraded checkout's failing pod has the crash in its log and its previous one", async () => {
		const pods = await podsOf(demo.estate.kc, {kind: 'Deployment', namespace: 'shop', name: 'checkout'});
		const failing = pods[0];
		assert.ok(failing?.failing, JSON.stringify(pods.map(pod => pod.name)));
		const container = failing.containers[0]!;
		assert.ok(container.hasPrevious);
		const target = {namespace: 'shop', pod: failing.name, container: container.name};
		const current = await readPodLog(demo.estate.kc, target, {});
		assert.equal(current.notice, null);
		assert.ok(
			current.lines.some(line => line.startsWith('panic: cannot start without a database')),
			current.lines.join('\n'),
		);
		const previous = await readPodLog(demo.estate.kc, target, {previous: true});
		assert.ok(previous.lines.some(line => line.startsWith('panic: ')));
	});

	test("the controllers' lines about one app: Argo CD text, Flux JSON", async () => {
		for (const [kind, name, controller] of [
			['Application', 'checkout', 'application-controller'],
			['Kustomization', 'apps', 'kustomize-controller'],
		] as const) {
			const row = await app(kind, name);
			const lines: string[] = [];
			const stop = streamControllerLogs(demo.estate.kc, row, {lines: batch => lines.push(...batch), notice: () => {}});
			try {
				await waitFor(
					() => lines.length > 0,
					10_000,
					() => `${controller} lines about ${name}`,
				);
			} finally {
				stop();
			}
			assert.ok(
				lines.every(line => line.startsWith(`[${controller}] `) && line.includes(name)),
				lines.join('\n'),
			);
		}
	});
});
