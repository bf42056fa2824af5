// The sandbox's TLS material: a throwaway CA and a server certificate it signs
// for 127.0.0.1 and localhost. Key generation is the slow part of starting a
// sandbox, so one set is made per process and shared by every server.
import {generate} from 'selfsigned';

type SandboxTls = {caPem: string; certPem: string; keyPem: string};

let cached: Promise<SandboxTls> | undefined;

export function sandboxTls(): Promise<SandboxTls> {
	cached ??= createTls();
	// A failure must not poison later attempts.
	cached.catch(() => {
		cached = undefined;
	});
	return cached;
}

async function createTls(): Promise<SandboxTls> {
	const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
	const notAfterDate = new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000);
	const ca = await generate([{name: 'commonName', value: 'driftwatch-sandbox-ca'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const server = await generate([{name: 'commonName', value: 'driftwatch-sandbox'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		ca: {key: ca.private, cert: ca.cert},
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{
				name: 'subjectAltName',
				altNames: [
					{type: 7, ip: '127.0.0.1'},
					{type: 2, value: 'localhost'},
				],
			},
		],
	});
	return {caPem: ca.cert, certPem: server.cert, keyPem: server.private};
}
