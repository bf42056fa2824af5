// `npm run bench:connections`: TCP connections opened and bytes moved by one `status` and by one `diff` of a
// 200-object native app, for driftwatch now, driftwatch before the shared transport (a worktree of the commit
// before source/core/kube/transport.ts was added, or BENCH_BEFORE_REF), and kubectl doing the same job, all
// in the same run against the same server. A counting TCP relay sits between each client and the server, so
// every client is measured the same way, from outside.
// Backend: the sandbox, or the real kube-apiserver with DRIFTWATCH_TEST_BACKEND=cluster.
import {execFile, execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse, stringify} from 'yaml';
import type {KubeObject} from '../../source/core/kube/resource-type.js';
import {startBackend} from '../support/backend.js';
import {argoApp, kustomization} from '../support/fixtures.js';
import {kubectlPath} from '../support/kubectl.js';
import {makeSandbox, WorkRepo} from '../unit/git/git-fixture.js';
import {configMap, serverSideApply} from '../integration/drift/support.js';
import {prepareCluster, putAll} from '../integration/support/seed.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const appNamespace = 'bench-connections';
const nativeNamespace = 'bench-native';
const argoApps = 40;
const fluxApps = 10;
const nativeObjects = 200;

type Traffic = {connections: number; sent: number; received: number; ms: number; code: number | null; requests: string};

/** A TCP relay to the server that counts connections and bytes in each direction. */
async function startRelay(target: {host: string; port: number}) {
	const counters = {connections: 0, sent: 0, received: 0};
	const open = new Set<net.Socket>();
	const server = net.createServer(client => {
		counters.connections++;
		const upstream = net.connect(target.port, target.host);
		open.add(client);
		open.add(upstream);
		client.on('data', (chunk: Buffer) => (counters.sent += chunk.length));
		upstream.on('data', (chunk: Buffer) => (counters.received += chunk.length));
		client.pipe(upstream);
		upstream.pipe(client);
		const close = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		reset: () => Object.assign(counters, {connections: 0, sent: 0, received: 0}),
		counters,
		close: async () => {
			for (const socket of open) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

function run(
	command: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv,
	cwd = repoRoot,
): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(command, args, {cwd, env, maxBuffer: 256 * 1024 * 1024, timeout: 180_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
		});
	});
}

/** A worktree of driftwatch before the shared transport, sharing this checkout's node_modules; null when there is no such commit. */
function beforeCheckout(): {dir: string; ref: string; remove: () => void} | null {
	let ref = process.env['BENCH_BEFORE_REF'];
	try {
		if (!ref) {
			const added = execFileSync('git', ['log', '--diff-filter=A', '--format=%H', '--', 'source/core/kube/transport.ts'], {
				cwd: repoRoot,
				encoding: 'utf8',
			})
				.trim()
				.split('\n')
				.at(-1);
			if (!added) return null;
			ref = `${added}^`;
		}
		const dir = mkdtempSync(join(tmpdir(), 'driftwatch-before-'));
		rmSync(dir, {recursive: true});
		execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, ref], {cwd: repoRoot, stdio: 'ignore'});
		symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
		const short = execFileSync('git', ['rev-parse', '--short', ref], {cwd: repoRoot, encoding: 'utf8'}).trim();
		return {dir, ref: short, remove: () => execFileSync('git', ['worktree', 'remove', '--force', dir], {cwd: repoRoot, stdio: 'ignore'})};
	} catch {
		return null;
	}
}

const backend = await startBackend();
const git = makeSandbox();
const work = mkdtempSync(join(tmpdir(), 'driftwatch-bench-connections-'));
const before = beforeCheckout();
let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
try {
	const kc = backend.kubeConfig();
	console.log(`backend: ${backend.name === 'cluster' ? 'real kube-apiserver' : 'sandbox (in-process)'}`);
	process.stdout.write('seeding… ');
	await prepareCluster(kc, [appNamespace, nativeNamespace]);
	await putAll(
		kc,
		Array.from({length: argoApps}, (_, i) => argoApp(`app-${i}`, appNamespace)),
	);
	await putAll(
		kc,
		Array.from({length: fluxApps}, (_, i) => kustomization(`kustomization-${i}`, appNamespace)),
	);
	// The native app: 200 ConfigMaps in Git, applied live by driftwatch's field manager; one differs.
	const objects: KubeObject[] = Array.from({length: nativeObjects}, (_, i) =>
		configMap(`settings-${i}`, nativeNamespace, {INDEX: String(i), REGION: 'eu-west-1'}),
	);
	const repo = WorkRepo.create(git);
	const files: Record<string, string> = {};
	for (const object of objects) files[`apps/big/${object.metadata!.name}.yaml`] = stringify(object);
	repo.commit('200 objects', files);
	for (let i = 0; i < objects.length; i += 20)
		await Promise.all(objects.slice(i, i + 20).map(object => serverSideApply(kc, object, 'driftwatch')));
	await serverSideApply(kc, configMap('settings-7', nativeNamespace, {INDEX: '7', REGION: 'us-east-1'}), 'driftwatch');
	const config = join(work, 'driftwatch.yaml');
	await writeFile(config, stringify({apps: [{name: 'big', repo: repo.dir, branch: 'main', path: 'apps/big', namespace: nativeNamespace}]}));
	const manifests = join(work, 'manifests');
	mkdirSync(manifests);
	for (const object of objects) writeFileSync(join(manifests, `${object.metadata!.name}.yaml`), stringify(object));
	console.log('done');

	// Every client goes through the relay: a kubeconfig whose server is the relay's port (same host, same certificate).
	const server = new URL(kc.getCurrentCluster()!.server);
	relay = await startRelay({host: server.hostname, port: Number(server.port)});
	const relayed = parse(await readFile(backend.kubeconfigPath, 'utf8')) as {clusters: Array<{cluster: {server: string}}>};
	for (const cluster of relayed.clusters) cluster.cluster.server = `https://${server.hostname}:${relay.port}`;
	const kubeconfig = join(work, 'kubeconfig');
	await writeFile(kubeconfig, stringify(relayed), {mode: 0o600});

	const env: NodeJS.ProcessEnv = {
		...process.env,
		...git.env,
		XDG_CONFIG_HOME: join(work, 'config-home'),
		NO_COLOR: '1',
		KUBECONFIG: kubeconfig,
		KUBECACHEDIR: join(work, 'kube-cache'),
		HOME: git.env['HOME'],
	};
	delete env['DRIFTWATCH_DEBUG'];
	const measure = async (command: string, args: readonly string[], cwd?: string): Promise<Traffic> => {
		relay!.reset();
		backend.sandbox?.clearRequests();
		const started = Date.now();
		const result = await run(command, args, env, cwd);
		const ms = Date.now() - started;
		// The client has exited: whatever it opened is closed or closing; let the relay see the last bytes.
		await new Promise(resolve => setTimeout(resolve, 200));
		if (result.code === null || result.code > 1)
			console.log(`  (${[command, ...args].join(' ').slice(0, 80)}… exited ${result.code}: ${result.stderr.trim().split('\n')[0]})`);
		// Only the sandbox keeps a request log: requests by verb, for seeing where connections go.
		const verbs = new Map<string, number>();
		for (const request of backend.sandbox?.requests ?? [])
			verbs.set(request.verb || request.method, (verbs.get(request.verb || request.method) ?? 0) + 1);
		const requests = [...verbs].map(([verb, count]) => `${verb} ${count}`).join(', ');
		return {...relay!.counters, ms, code: result.code, requests};
	};
	const driftwatch = (checkout: string, args: readonly string[]) =>
		measure(process.execPath, [join(checkout, 'bin/driftwatch.js'), ...args], checkout);

	const statusArgs = ['status', '--kubeconfig', kubeconfig];
	const diffArgs = ['diff', `native/${nativeNamespace}/big`, '--config', config, '--kubeconfig', kubeconfig];
	// kubectl's discovery cache warmed once, as on a machine where it was used before.
	await run(kubectlPath, ['api-resources'], env);
	// The same dry run driftwatch sends: server-side, as its field manager, taking over conflicting fields.
	const kubectlDiff = ['diff', '--server-side', '--force-conflicts', '--field-manager=driftwatch', '-f', manifests];
	await run(kubectlPath, kubectlDiff, env);

	const rows: Array<[string, string, Traffic]> = [];
	rows.push(['status', 'driftwatch (now)', await driftwatch(repoRoot, statusArgs)]);
	if (before) rows.push(['status', `driftwatch (before, ${before.ref})`, await driftwatch(before.dir, statusArgs)]);
	rows.push([
		'status',
		'kubectl get applications,kustomizations -A -o json',
		await measure(kubectlPath, ['get', 'applications.argoproj.io,kustomizations.kustomize.toolkit.fluxcd.io', '-A', '-o', 'json']),
	]);
	rows.push(['diff 200', 'driftwatch (now)', await driftwatch(repoRoot, diffArgs)]);
	if (before) rows.push(['diff 200', `driftwatch (before, ${before.ref})`, await driftwatch(before.dir, diffArgs)]);
	rows.push(['diff 200', 'kubectl diff --server-side', await measure(kubectlPath, kubectlDiff)]);

	const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
	console.log(
		`\n${'job'.padEnd(9)} ${'client'.padEnd(52)} ${'conns'.padStart(6)} ${'to server'.padStart(10)} ${'from server'.padStart(12)} ${'wall'.padStart(8)}  exit`,
	);
	for (const [job, client, traffic] of rows) {
		console.log(
			`${job.padEnd(9)} ${client.padEnd(52)} ${String(traffic.connections).padStart(6)} ${mb(traffic.sent).padStart(10)} ${mb(traffic.received).padStart(12)} ${`${(traffic.ms / 1000).toFixed(1)} s`.padStart(8)}  ${traffic.code}`,
		);
		if (traffic.requests) console.log(`${''.padEnd(10)}requests: ${traffic.requests}`);
	}
	const ratioLine = (job: string) => {
		const of = (prefix: string) => rows.find(([j, client]) => j === job && client.startsWith(prefix))?.[2];
		const now = of('driftwatch (now)');
		const old = of('driftwatch (before');
		const kubectl = of('kubectl');
		if (!now || !kubectl) return;
		const parts = [`${job}: connections ${now.connections} = ${(now.connections / Math.max(1, kubectl.connections)).toFixed(1)}× kubectl`];
		if (old)
			parts.push(
				`before ${old.connections} (${(old.connections / Math.max(1, now.connections)).toFixed(1)}× now); bytes from server ${mb(old.received)} → ${mb(now.received)}`,
			);
		console.log(parts.join('; '));
	};
	console.log('');
	ratioLine('status');
	ratioLine('diff 200');
} finally {
	await relay?.close();
	before?.remove();
	await backend.close();
	git.cleanup();
	rmSync(work, {recursive: true, force: true});
}
