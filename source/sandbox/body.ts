// Request bodies: read with a size cap, decoded by content type.
import type {IncomingMessage} from 'node:http';
import {parse as parseYaml} from 'yaml';
import {goJsonError} from './go-json.js';
import {apiError, badRequest} from './status.js';
import type {PatchType} from './objects.js';
import {decodeProtobufObject, protobufMediaType} from './protobuf.js';

const maxBodyBytes = 8 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
	return (await readBodyBytes(request)).toString('utf8');
}

export function readBodyBytes(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBodyBytes) {
				reject(apiError(413, 'Request entity too large: limit is 8MiB', 'RequestEntityTooLarge'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function mediaType(contentType: string | undefined): string {
	return (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() || 'application/json';
}

/** A body for create/update: JSON, or YAML when the client says so; errors name the kind expected. */
function decodeObjectBody(text: string, contentType: string | undefined, kind = 'Object'): unknown {
	const type = mediaType(contentType);
	if (type === 'application/json' || type === '*/*') return parseJson(text, kind);
	if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return parseYamlText(text);
	throw unsupported(type, ['application/json', 'application/yaml']);
}

/**
 * A body for create/update (or DeleteOptions): also Kubernetes protobuf,
 * which typed clients send for built-in kinds only (custom kinds have no
 * protobuf form; a real server refuses it for them).
 */
export function decodeWriteBody(body: Buffer, contentType: string | undefined, builtIn: boolean, kind?: string): unknown {
	const type = mediaType(contentType);
	if (type === protobufMediaType) {
		if (builtIn) return decodeProtobufObject(body);
		throw unsupported(type, ['application/json', 'application/yaml']);
	}
	return decodeObjectBody(body.toString('utf8'), contentType, kind);
}

const patchTypes: Record<string, PatchType> = {
	'application/merge-patch+json': 'merge',
	'application/strategic-merge-patch+json': 'strategic',
	'application/json-patch+json': 'json',
	'application/apply-patch+yaml': 'apply',
	'application/apply-patch+cbor': 'apply',
};

export function patchTypeOf(contentType: string | undefined): PatchType {
	const type = mediaType(contentType);
	const patchType = patchTypes[type];
	// A real server's patch handler answers other types with a bare 415.
	if (!patchType || type.endsWith('+cbor')) throw apiError(415, '415: Unsupported Media Type', 'UnsupportedMediaType', {});
	return patchType;
}

export function decodePatchBody(text: string, type: PatchType): unknown {
	if (type === 'apply') return parseYamlText(text, 'error decoding YAML: ');
	try {
		return JSON.parse(text);
	} catch {
		throw badRequest(`error decoding patch: ${goJsonError(text)}`);
	}
}

function parseJson(text: string, kind: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		const summary = text.length === 0 ? '<empty>' : text.length > 30 ? `${text.slice(0, 30)} ...` : text;
		throw badRequest(
			`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${goJsonError(text)} (${summary})`,
		);
	}
}

/** What a real server's YAML reader refuses raw: C0 controls but tab and line ends, DEL, C1 controls but NEL, U+FFFE/U+FFFF. */
const yamlControlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

function parseYamlText(text: string, prefix = ''): unknown {
	if (!text.trim()) throw badRequest('the request body is empty');
	if (yamlControlCharacters.test(text))
		throw badRequest(`${prefix}error converting YAML to JSON: yaml: control characters are not allowed`);
	// Clients send JSON (a subset of YAML): read it as JSON first, linearly, where the YAML parser's duplicate-key
	// check scans every mapping's keys for each key (minutes for a 40 000-key ConfigMap).
	if (text.trimStart().startsWith('{')) {
		try {
			return JSON.parse(text);
		} catch {
			// Not JSON after all: YAML says what is wrong.
		}
	}
	try {
		return parseYaml(text);
	} catch (error) {
		throw badRequest(`${prefix}error converting YAML to JSON: ${(error as Error).message}`);
	}
}

function unsupported(type: string, accepted: string[]): Error {
	return apiError(
		415,
		`the body of the request was in an unknown format (${type}) - accepted media types include: ${accepted.join(', ')}`,
		'UnsupportedMediaType',
	);
}
