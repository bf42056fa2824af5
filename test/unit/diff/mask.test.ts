import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {maskSecretPair} from '../../../source/core/diff/mask.js';
import {compareObjects} from '../../../source/core/diff/drift-compare.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const dataOf = (object: KubeObject | null) => (object?.data ?? {}) as Record<string, string>;

function secret(data: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db', namespace: 'shop'}, type: 'Opaque', data, ...extra};
}

describe('maskSecretPair', () => {
	test('equal values get equal masks, a changed value a different mask, per key', () => {
		const [live, desired] = maskSecretPair(
			secret({user: b64('admin'), password: b64('hunter2')}),
			secret({user: b64('admin'), password: b64('correct horse')}),
		);
		assert.equal(dataOf(live).user, dataOf(desired).user);
		assert.notEqual(dataOf(live).password, dataOf(desired).password);
		assert.match(dataOf(live).password ?? '', /^\++$/);
		assert.match(dataOf(desired).password ?? '', /^\++$/);
	});

	test('masks are numbered desired side first, as Argo CD numbers target before live', () => {
		const [live, desired] = maskSecretPair(
			secret({password: b64('live value'), extra: b64('only live')}),
			secret({password: b64('git value')}),
		);
		assert.equal(dataOf(desired).password, '++++++++');
		assert.equal(dataOf(live).password, '++++++++++++');
		assert.equal(dataOf(live).extra, '++++++++', 'a key only one side has starts at the first mask');
	});

	test('stringData counts as the base64 data the server stores, so equal content is no change', () => {
		const [live, desired] = maskSecretPair(secret({token: b64('s3cret')}), secret({}, {stringData: {token: 's3cret'}}));
		assert.equal(dataOf(live).token, dataOf(desired).token);
		assert.equal(desired?.stringData, undefined);
	});

	test('non-Secrets pass through untouched', () => {
		const configMap: KubeObject = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}, data: {password: 'visible'}};
		assert.equal(maskSecretPair(configMap, null)[0], configMap);
	});
});

describe('a Secret diff never shows a value', () => {
	const plaintexts = ['hunter2', 'correct horse battery staple', 'admin'];
	const live = secret(
		{user: b64('admin'), password: b64('hunter2')},
		{
			metadata: {
				name: 'db',
				namespace: 'shop',
				annotations: {'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({stringData: {password: 'hunter2'}})},
			},
		},
	);
	const desired = secret({user: b64('admin')}, {stringData: {password: 'correct horse battery staple', extra: 'admin'}});
	const diff = compareObjects(desired, live);
	const text = diff.text();

	test('the changed value shows as a changed mask, the unchanged one not at all', () => {
		assert.equal(diff.change, 'modified');
		const changed = text.split('\n').filter(line => /^[-+] /.test(line));
		assert.deepEqual(changed.map(line => line.replace(/\++$/, 'MASK')).sort(), [
			'+  extra: MASK',
			'+  password: MASK',
			'-  password: MASK',
		]);
		const [, oldMask] = /^- {2}password: (\++)$/m.exec(text) ?? [];
		const [, newMask] = /^\+ {2}password: (\++)$/m.exec(text) ?? [];
		assert.ok(oldMask && newMask && oldMask !== newMask);
		assert.match(text, /^ {3}user: \+{8}$/m, 'the equal value is an unchanged context line');
	});

	test('no plaintext or base64 of any value appears in the text or either side', () => {
		for (const output of [text, diff.leftText, diff.rightText]) {
			for (const plain of plaintexts) {
				assert.ok(!output.includes(plain), `plaintext ${plain} leaked`);
				assert.ok(!output.includes(b64(plain)), `base64 of ${plain} leaked`);
			}
		}
	});
});
