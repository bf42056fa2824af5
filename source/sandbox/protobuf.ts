// Request bodies in Kubernetes protobuf (application/vnd.kubernetes.protobuf),
// which kubectl's typed clients send for built-in kinds (`kubectl create
// namespace|configmap|secret|deployment…`); no fallback to JSON exists for it
// in client-go. The encoding: the 4 bytes `k8s\0`, then a runtime.Unknown
// message {1: typeMeta {1: apiVersion, 2: kind}, 2: raw (the object's own
// message), 3: contentEncoding, 4: contentType}.
//
// A field is only decodable with its schema (a length-delimited field may be a
// string, bytes or a message), so this decodes the kinds and fields those
// clients fill in (protobuf-schemas.ts). Go's encoder also writes every
// non-pointer field at its zero value (empty strings, 0, empty messages):
// unknown fields that carry only zeros are skipped, as JSON's omitempty would
// have left them out; an unknown field with data is refused, never dropped.
import {apiError, badRequest} from './status.js';
import {schemaForKind, type FieldSchema, type MessageSchema, type ScalarType} from './protobuf-schemas.js';

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

enum WireType {
	Varint = 0,
	Fixed64 = 1,
	Length = 2,
	Fixed32 = 5,
}

type RawField = {number: number; wireType: WireType; varint?: bigint; bytes?: Buffer};

/** Decode an envelope into the JSON form of the object it carries (apiVersion and kind included). */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
	if (body.length < magic.length || !body.subarray(0, magic.length).equals(magic)) {
		throw badRequest('the protobuf body does not start with the Kubernetes envelope prefix');
	}
	const envelope = readFields(body.subarray(magic.length));
	const typeMeta = readFields(lengthField(envelope, 1) ?? Buffer.alloc(0));
	const apiVersion = stringField(typeMeta, 1);
	const kind = stringField(typeMeta, 2);
	const raw = lengthField(envelope, 2) ?? Buffer.alloc(0);
	const encoding = stringField(envelope, 3);
	if (encoding) throw badRequest(`protobuf content encoding "${encoding}" is not supported`);
	const schema = schemaForKind(apiVersion, kind);
	if (!schema)
		throw unsupportedMediaType(
			`the sandbox cannot decode ${kind || 'this kind'} (${apiVersion}) from protobuf; send it as application/json`,
		);
	return {apiVersion, kind, ...decodeMessage(raw, schema, kind)};
}

function decodeMessage(bytes: Buffer, schema: MessageSchema, path: string): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const field of readFields(bytes)) {
		const fieldSchema = schema.fields[field.number];
		if (!fieldSchema) {
			if (carriesOnlyZeros(field)) continue;
			throw unsupportedMediaType(
				`the sandbox cannot decode protobuf field ${field.number} of ${schema.name} (at ${path}); send the object as application/json`,
			);
		}
		const at = `${path}.${fieldSchema.name}`;
		if (fieldSchema.kind === 'ignored') continue;
		if (fieldSchema.kind === 'map') {
			const entry = readFields(requireBytes(field, at));
			const key = stringField(entry, 1);
			const valueField = entry.find(candidate => candidate.number === 2);
			result[fieldSchema.name] ??= {};
			const map = result[fieldSchema.name] as Record<string, unknown>;
			map[key] = valueField ? decodeValue(valueField, fieldSchema.value, at) : zeroValue(fieldSchema.value);
			continue;
		}
		const value =
			fieldSchema.kind === 'message'
				? decodeMessage(requireBytes(field, at), fieldSchema.message(), at)
				: decodeValue(field, fieldSchema.type, at);
		if (fieldSchema.repeated) {
			result[fieldSchema.name] ??= [];
			(result[fieldSchema.name] as unknown[]).push(value);
			continue;
		}
		if (fieldSchema.kind === 'message' && fieldSchema.inline) {
			Object.assign(result, value);
			continue;
		}
		// Without a pointer in Go, a zero value means "not set": JSON would have omitted it.
		if (!fieldSchema.pointer && isZero(value, fieldSchema)) continue;
		result[fieldSchema.name] = value;
	}
	return result;
}

function isZero(value: unknown, field: FieldSchema): boolean {
	if (field.kind === 'message') return false;
	return value === '' || value === 0 || value === false || value === null;
}

function decodeValue(field: RawField, type: ScalarType, path: string): unknown {
	switch (type) {
		case 'string':
			return requireBytes(field, path).toString('utf8');
		case 'bytes':
			// JSON carries bytes as base64, as the API's JSON form does.
			return requireBytes(field, path).toString('base64');
		case 'bool':
			return requireVarint(field, path) !== 0n;
		case 'int32':
			return Number(BigInt.asIntN(32, requireVarint(field, path)));
		case 'int64':
			return Number(BigInt.asIntN(64, requireVarint(field, path)));
		case 'time':
			return decodeTime(requireBytes(field, path));
		case 'quantity':
			return stringField(readFields(requireBytes(field, path)), 1);
		case 'intOrString': {
			const fields = readFields(requireBytes(field, path));
			const isString = varintField(fields, 1) === 1n;
			return isString ? stringField(fields, 3) : Number(BigInt.asIntN(32, varintField(fields, 2) ?? 0n));
		}
	}
}

function zeroValue(type: ScalarType): unknown {
	return type === 'bool' ? false : type === 'int32' || type === 'int64' || type === 'intOrString' ? 0 : '';
}

/** metav1.Time: {1: seconds, 2: nanos}; the zero time is JSON null. */
function decodeTime(bytes: Buffer): string | null {
	const fields = readFields(bytes);
	const seconds = Number(BigInt.asIntN(64, varintField(fields, 1) ?? 0n));
	if (seconds === 0 || seconds === -62135596800) return null;
	return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A field nobody would miss: a zero number, or bytes that are empty or a message of such fields only. */
function carriesOnlyZeros(field: RawField): boolean {
	if (field.varint !== undefined) return field.varint === 0n;
	const bytes = field.bytes ?? Buffer.alloc(0);
	if (field.wireType !== WireType.Length) return bytes.every(byte => byte === 0);
	if (bytes.length === 0) return true;
	try {
		return readFields(bytes).every(carriesOnlyZeros);
	} catch {
		return false;
	}
}

function readFields(bytes: Buffer): RawField[] {
	const fields: RawField[] = [];
	let offset = 0;
	const varint = (): bigint => {
		let value = 0n;
		for (let shift = 0n; shift < 70n; shift += 7n) {
			if (offset >= bytes.length) throw malformed();
			const byte = bytes[offset++] as number;
			value |= BigInt(byte & 0x7f) << shift;
			if ((byte & 0x80) === 0) return BigInt.asUintN(64, value);
		}
		throw malformed();
	};
	const take = (length: number): Buffer => {
		if (length < 0 || offset + length > bytes.length) throw malformed();
		const slice = bytes.subarray(offset, offset + length);
		offset += length;
		return slice;
	};
	while (offset < bytes.length) {
		const tag = varint();
		const number = Number(tag >> 3n);
		const wireType = Number(tag & 7n) as WireType;
		if (number === 0) throw malformed();
		switch (wireType) {
			case WireType.Varint:
				fields.push({number, wireType, varint: varint()});
				break;
			case WireType.Fixed64:
				fields.push({number, wireType, bytes: take(8)});
				break;
			case WireType.Length:
				fields.push({number, wireType, bytes: take(Number(varint()))});
				break;
			case WireType.Fixed32:
				fields.push({number, wireType, bytes: take(4)});
				break;
			default:
				throw malformed();
		}
	}
	return fields;
}

function unsupportedMediaType(message: string): Error {
	return apiError(415, message, 'UnsupportedMediaType');
}

function malformed(): Error {
	return badRequest('the protobuf body is malformed');
}

function requireBytes(field: RawField, path: string): Buffer {
	if (field.wireType !== WireType.Length || !field.bytes) throw badRequest(`protobuf field ${path} has the wrong wire type`);
	return field.bytes;
}

function requireVarint(field: RawField, path: string): bigint {
	if (field.varint === undefined) throw badRequest(`protobuf field ${path} has the wrong wire type`);
	return field.varint;
}

function lengthField(fields: RawField[], number: number): Buffer | undefined {
	return fields.findLast(field => field.number === number && field.wireType === WireType.Length)?.bytes;
}

function stringField(fields: RawField[], number: number): string {
	return lengthField(fields, number)?.toString('utf8') ?? '';
}

function varintField(fields: RawField[], number: number): bigint | undefined {
	return fields.findLast(field => field.number === number && field.varint !== undefined)?.varint;
}
