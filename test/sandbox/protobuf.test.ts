// Protobuf request bodies (what typed Go clients such as kubectl's send for
// built-in kinds), written here field by field: what the sandbox decodes, what
// it skips (Go's zero-valued fields) and what it refuses rather than drop.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {startHarness, widgetCrd, widgetsPath, type Harness} from './harness.js';

const protobuf = 'application/vnd.kubernetes.protobuf';

function varint(value: number): Buffer {
	const bytes: number[] = [];
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest & 0x7f) | 0x80);
		rest = Math.floor(rest / 128);
	}
	bytes.push(rest);
	return Buffer.from(bytes);
}

/** A length-delimited field (string, bytes or message). */
const field = (number: number, content: Buffer | string) => {
	const bytes = typeof content === 'string' ? Buffer.from(content) : content;
	return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
};
const numberField = (number: number, value: number) => Buffer.concat([varint(number << 3), varint(value)]);
const message = (...fields: Buffer[]) => Buffer.concat(fields);
const mapEntry = (number: number, key: string, value: string) => field(number, message(field(1, key), field(2, value)));

/** The `k8s\0` envelope around an object's message. */
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
	return Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, message(field(1, apiVersion), field(2, kind))), field(2, raw)]);
}

describe('protobuf request bodies', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
	});
	after(async () => harness.close());

	test('a ConfigMap is decoded: metadata, data, and zero-valued fields Go always writes are skipped', async () => {
		const metadata = message(field(1, 'from-proto'), field(2, ''), mapEntry(11, 'app', 'web'), field(8, Buffer.alloc(0)));
		// Field 9 is unknown to the sandbox but holds only zeros (a nested empty string and a 0): nothing is lost.
		const zeros = field(9, message(field(1, ''), numberField(2, 0)));
		const body = envelope(
			'v1',
			'ConfigMap',
			message(field(1, metadata), mapEntry(2, 'mode', 'fast'), mapEntry(3, 'blob', '\u0001\u0002'), zeros),
		);
		const created = await harness.call('POST', '/api/v1/namespaces/default/configmaps', {body, contentType: protobuf});
		assert.equal(created.status, 201, created.text);
		assert.equal(created.body.metadata.name, 'from-proto');
		assert.deepEqual(created.body.metadata.labels, {app: 'web'});
		assert.equal(created.body.metadata.generateName, undefined);
		assert.deepEqual(created.body.data, {mode: 'fast'});
		// Bytes are base64 in JSON.
		assert.deepEqual(created.body.binaryData, {blob: 'AQI='});
	});

	test('a field the sandbox cannot decode but that carries data is refused, naming it, not dropped', async () => {
		const body = envelope('v1', 'ConfigMap', message(field(1, message(field(1, 'with-extra'))), field(9, 'something')));
		const refused = await harness.call('POST', '/api/v1/namespaces/default/configmaps', {body, contentType: protobuf});
		assert.equal(refused.status, 415);
		assert.match(refused.body.message, /protobuf field 9 of ConfigMap/);
		assert.equal((await harness.call('GET', '/api/v1/namespaces/default/configmaps/with-extra')).status, 404);
	});

	test('a body without the envelope prefix is a bad request', async () => {
		const refused = await harness.call('POST', '/api/v1/namespaces/default/configmaps', {
			body: Buffer.from('{"kind":"ConfigMap"}'),
			contentType: protobuf,
		});
		assert.equal(refused.status, 400);
	});

	test('custom kinds have no protobuf form: refused with 415', async () => {
		await harness.installCrd(widgetCrd);
		const body = envelope('example.com/v1', 'Widget', message(field(1, message(field(1, 'w-proto')))));
		const refused = await harness.call('POST', widgetsPath(), {body, contentType: protobuf});
		assert.equal(refused.status, 415);
		assert.equal(refused.body.reason, 'UnsupportedMediaType');
	});
});
