// Which objects are sync hooks, case for case with Argo CD's own hook tests. A hook leaves app
// health, and a hook pod keeps its restart policy's meaning.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {isHook, isHookAnnotated, isSkipAnnotated} from '../../../source/core/health/hooks.js';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

function pod(annotations?: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'migrate', namespace: 'shop', ...(annotations ? {annotations} : {})}, spec: {}};
}
const argoHook = (value: string) => pod({'argocd.argoproj.io/hook': value});
const helmHook = (value: string) => pod({'helm.sh/hook': value});

describe('Argo CD hook annotation', () => {
	test('no annotation: not a hook, not skipped', () => {
		assert.equal(isHook({}), false);
		assert.equal(isHook(pod()), false);
		assert.equal(isSkipAnnotated(undefined), false);
	});

	for (const type of ['PreSync', 'Sync', 'PostSync', 'SyncFail']) {
		test(`${type} is a hook`, () => {
			assert.equal(isHook(argoHook(type)), true);
			assert.equal(isSkipAnnotated(argoHook(type).metadata?.annotations), false);
		});
	}

	test('Skip alone is not a hook, but skipped', () => {
		assert.equal(isHook(argoHook('Skip')), false);
		assert.equal(isSkipAnnotated({'argocd.argoproj.io/hook': 'Skip'}), true);
	});

	test('a misspelt type is still a hook', () => {
		assert.equal(isHook(argoHook('Garbage')), true);
		assert.equal(isSkipAnnotated({'argocd.argoproj.io/hook': 'Garbage'}), false);
	});

	test('two types are a hook', () => {
		assert.equal(isHook(argoHook('PreSync,PostSync')), true);
	});

	test('a repeated type is a hook', () => {
		assert.equal(isHook(argoHook('Sync,Sync')), true);
	});

	test('Skip next to real types is a hook, not skipped', () => {
		assert.equal(isHook(argoHook('Skip,PreSync,PostSync')), true);
		assert.equal(isHook(argoHook('Skip,PreSync')), true);
		assert.equal(isSkipAnnotated({'argocd.argoproj.io/hook': 'Skip,PreSync'}), false);
	});

	test('a real type next to a misspelt one is a hook', () => {
		assert.equal(isHook(argoHook('Sync,Garbage')), true);
	});

	test('Skip with spaces, repeats or unknown words around it is still only Skip', () => {
		for (const value of [' Skip ', 'Skip,Skip', 'Skip,Garbage', 'Skip,']) {
			assert.equal(isHook(argoHook(value)), false, value);
			assert.equal(isSkipAnnotated({'argocd.argoproj.io/hook': value}), true, value);
		}
	});

	test('types separated by comma and spaces are all read', () => {
		assert.equal(isHook(argoHook('Skip, PreSync')), true);
	});

	test('an Argo annotation decides over a Helm one', () => {
		assert.equal(isHookAnnotated({'argocd.argoproj.io/hook': 'Skip', 'helm.sh/hook': 'pre-install'}), false);
		assert.equal(isHookAnnotated({'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'crd-install'}), true);
	});
});

describe('Helm hook annotation', () => {
	test('pre-install is a hook', () => {
		assert.equal(isHook(helmHook('pre-install')), true);
	});

	test('a value Argo CD does not map to a phase is still a hook', () => {
		assert.equal(isHook(helmHook('garbage')), true);
		assert.equal(isHook(helmHook('anything')), true);
	});

	test('crd-install is not a hook: Helm uses it to mark CRDs', () => {
		const crd: KubeObject = {
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: {name: 'widgets.example.com', annotations: {'helm.sh/hook': 'crd-install'}},
		};
		assert.equal(isHook(crd), false);
	});
});

describe('hooks in pod health', () => {
	const readyNeverPod = (annotations: Record<string, string>): KubeObject => ({
		...pod({'argocd.argoproj.io/ignore-restart-policy': 'true', ...annotations}),
		spec: {restartPolicy: 'Never'},
		status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]},
	});

	test('ignore-restart-policy is ignored on a "Skip,PreSync" hook pod', () => {
		assert.deepEqual(resourceHealth(readyNeverPod({'argocd.argoproj.io/hook': 'Skip,PreSync'})), {status: 'Progressing', message: ''});
	});

	test('ignore-restart-policy applies to a pod marked only Skip, and to a crd-install one', () => {
		assert.deepEqual(resourceHealth(readyNeverPod({'argocd.argoproj.io/hook': 'Skip'})), {status: 'Healthy', message: ''});
		assert.deepEqual(resourceHealth(readyNeverPod({'helm.sh/hook': 'crd-install'})), {status: 'Healthy', message: ''});
	});
});
