import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {argoLineAbout, fluxLineAbout, readableControllerLine} from '../../../source/core/logs/controller-logs.js';
import {logPodOf} from '../../../source/core/kube/pod-containers.js';
import {defaultContainer, selectorQuery} from '../../../source/core/logs/log-pods.js';
import {parseLogResource} from '../../../source/core/logs/app-logs.js';

describe('controller log lines about an app', () => {
	test('Flux: controller-runtime JSON with the kind, name and namespace (as flux logs --kind --name filters)', () => {
		const line = JSON.stringify({
			level: 'info',
			ts: '2026-12-07T01:00:00Z',
			msg: 'server-side apply completed',
			controllerKind: 'Kustomization',
			Kustomization: {name: 'apps', namespace: 'flux-system'},
			name: 'apps',
			namespace: 'flux-system',
		});
		assert.ok(fluxLineAbout(line, 'Kustomization', 'apps', 'flux-system'));
		assert.ok(!fluxLineAbout(line, 'Kustomization', 'apps', 'other'));
		assert.ok(!fluxLineAbout(line, 'HelmRelease', 'apps', 'flux-system'));
		assert.ok(!fluxLineAbout('apps reconciled', 'Kustomization', 'apps', 'flux-system'));
		assert.equal(readableControllerLine(line), '2026-12-07T01:00:00Z info Kustomization/flux-system/apps server-side apply completed');
	});

	test('Argo CD: application=NS/NAME in text, application (+app-namespace) in JSON; a longer name is another app', () => {
		assert.ok(argoLineAbout('level=info msg="done" application=argocd/shop dedup_ms=0', 'shop', 'argocd'));
		assert.ok(argoLineAbout('level=info msg="done" application="argocd/shop"', 'shop', 'argocd'));
		assert.ok(!argoLineAbout('level=info msg="done" application=argocd/shopping', 'shop', 'argocd'));
		assert.ok(!argoLineAbout('level=info msg="done" application=team/shop', 'shop', 'argocd'));
		assert.ok(argoLineAbout('{"application":"shop","app-namespace":"argocd"}', 'shop', 'argocd'));
		assert.ok(!argoLineAbout('{"application":"shop","app-namespace":"team"}', 'shop', 'argocd'));
	});
});

describe('pods and containers', () => {
	test('a selector as the labelSelector parameter', () => {
		assert.equal(
			selectorQuery({
				matchLabels: {app: 'web'},
				matchExpressions: [
					{key: 'tier', operator: 'In', values: ['a', 'b']},
					{key: 'canary', operator: 'DoesNotExist'},
				],
			}),
			'app=web,tier in (a,b),!canary',
		);
		assert.equal(selectorQuery({}), null);
	});

	test('containers: init first; the default is the one restarting, else the first regular one', () => {
		const pod = logPodOf({
			metadata: {name: 'web-1', namespace: 'shop'},
			spec: {initContainers: [{name: 'migrate'}], containers: [{name: 'proxy'}, {name: 'app'}], nodeName: 'n1'},
			status: {
				phase: 'Running',
				containerStatuses: [
					{name: 'proxy', ready: true, restartCount: 0, state: {running: {}}},
					{
						name: 'app',
						ready: false,
						restartCount: 3,
						state: {waiting: {reason: 'CrashLoopBackOff'}},
						lastState: {terminated: {exitCode: 1}},
					},
				],
			},
		});
		assert.deepEqual(
			pod.containers.map(container => container.name),
			['migrate', 'proxy', 'app'],
		);
		assert.equal(pod.failing, true);
		assert.equal(defaultContainer(pod)?.name, 'app');
		assert.equal(
			defaultContainer({...pod, containers: pod.containers.map(container => ({...container, restarts: 0, state: ''}))})?.name,
			'proxy',
		);
		assert.equal(defaultContainer(pod, 'nope'), null);
	});

	test('--resource: KIND/NAME or KIND/NAMESPACE/NAME with kubectl short names', () => {
		assert.deepEqual(parseLogResource('deploy/web'), {kind: 'Deployment', namespace: null, name: 'web'});
		assert.deepEqual(parseLogResource('Pod/shop/web-1'), {kind: 'Pod', namespace: 'shop', name: 'web-1'});
		assert.ok('error' in parseLogResource('web'));
		assert.ok('error' in parseLogResource('service/web'));
	});
});
