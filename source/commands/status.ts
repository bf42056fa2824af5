import {appPath} from '../core/controllers/app-ref.js';
import type {AppSummary} from '../core/apps/model.js';
import {loadKubeConfigs, serverText} from '../core/kube/kubeconfig.js';
import {checkNamespace} from '../core/kube/namespace-check.js';
import {loadConfig} from '../core/native/load-config.js';
import {createMonitorForContexts} from '../core/monitor/multi-context-monitor.js';
import {contextSnapshots} from './app-session.js';
import {providers, readFromCluster} from '../core/controllers/controllers.js';
import {namespaceOutcome, statusJson, statusOutcome} from '../core/status/status-report.js';
import {statusTable} from '../core/status/status-table.js';
import type {ClusterFlags} from './options.js';
import type {LoadedKubeConfig} from '../core/kube/kubeconfig.js';
import type {DriftwatchConfig} from '../core/native/config-types.js';
import {fail, problem, stdout} from './output.js';

export type StatusFlags = ClusterFlags & {
	json: boolean;
	/**
	 * --names: only the apps, one a line, each in the shortest spelling APP accepts for it (what shell completion
	 * offers); the cluster's answer only, without waiting for Git apps' comparisons.
	 */
	names?: boolean;
	/** ASCII only (--ascii, or a locale that is not UTF-8): a cut message ends in ... instead of …. */
	ascii?: boolean;
	/** How long native apps' first comparisons (fetch, render, dry runs) may go without progress; --timeout, else 120 s. */
	nativeTimeoutMs?: number;
};

/** `driftwatch status`: the apps once, then exit 0 / 1 / 2. */
export async function runStatus(flags: StatusFlags): Promise<number> {
	const {config} = await loadConfig({path: flags.config});
	const kubeconfigs = loadKubeConfigs({path: flags.kubeconfig, selection: {flag: flags.context, all: flags.allContexts, config}});
	if (kubeconfigs.length > 1) return runStatusOfContexts(flags, kubeconfigs, config);
	const loaded = kubeconfigs[0]!;
	const server = serverText(loaded.kc);
	const monitor = createMonitorForContexts({kubeconfigs, namespace: flags.namespace ?? null, providers, config, batchMs: 0, watch: false});
	const timeoutMs = flags.timeoutMs ?? 15_000;
	// Asked alongside the apps: an empty list cannot tell a namespace typed wrong from an empty one.
	const namespaceChecked = flags.namespace === undefined ? null : checkNamespace(loaded.kc, flags.namespace, timeoutMs);
	try {
		// The cluster first: only its silence is the cluster's fault. A native app whose Git remote does not
		// answer ends in an error on its own row (the git layer's own deadline), never in this one.
		let settled = await monitor.settled(timeoutMs);
		if (flags.names) {
			if (!settled) return fail(`${server} did not answer in time`);
			stdout.lines(shortestNames(monitor.store.getSnapshot().apps));
			return 0;
		}
		const nativeTimeoutMs = flags.nativeTimeoutMs ?? flags.timeoutMs ?? 120_000;
		const compared = settled && (await monitor.nativeSettled(nativeTimeoutMs));
		// Native apps' live objects may have asked for Argo CD's health settings meanwhile.
		if (settled) settled = await monitor.settled(timeoutMs);
		const snapshot = monitor.store.getSnapshot();
		if (!settled) return fail(`${server} (context ${snapshot.context}) did not answer in time`);
		const outcome = statusOutcome(snapshot, server);
		if (outcome.exitCode === 2) return fail(outcome.problems[0]!);
		const apps = compared ? snapshot.apps : snapshot.apps.map(app => unfinished(app, nativeTimeoutMs));
		const scoped = namespaceChecked && namespaceOutcome(flags.namespace!, snapshot.context, await namespaceChecked, apps.length);
		if (scoped?.exitCode === 2) return fail(scoped.line);
		for (const line of outcome.problems) problem(line);
		if (scoped) problem(scoped.line);
		if (flags.json) stdout.json(statusJson(apps, snapshot.sources));
		else stdout.text(`${statusTable(apps, {ascii: flags.ascii === true})}\n`);
		return outcome.exitCode;
	} finally {
		await monitor.close();
	}
}

/**
 * `status` over several contexts: each is read on its own; what could be read is printed (each app with its
 * context), every context's problem is a line on stderr, and a context that could not be read makes it exit 2.
 */
async function runStatusOfContexts(
	flags: StatusFlags,
	kubeconfigs: readonly LoadedKubeConfig[],
	config: DriftwatchConfig,
): Promise<number> {
	const monitor = createMonitorForContexts({kubeconfigs, namespace: flags.namespace ?? null, providers, config, batchMs: 0, watch: false});
	const timeoutMs = flags.timeoutMs ?? 15_000;
	try {
		const settled = await monitor.settled(timeoutMs);
		const compared = !flags.names && (await monitor.nativeSettled(flags.nativeTimeoutMs ?? flags.timeoutMs ?? 120_000));
		if (settled && !flags.names) await monitor.settled(timeoutMs);
		const snapshot = monitor.store.getSnapshot();
		let exitCode = 0;
		const apps: AppSummary[] = [];
		contextSnapshots(snapshot).forEach((part, index) => {
			const loaded = kubeconfigs[index]!;
			const answered = part.sources.length > 0 && part.sources.every(source => source.phase !== 'connecting');
			if (!answered && !settled) {
				problem(`${serverText(loaded.kc)} (context ${loaded.context}) did not answer in time`);
				exitCode = 2;
				return;
			}
			const outcome = statusOutcome(part, serverText(loaded.kc));
			for (const line of outcome.problems)
				problem(outcome.exitCode === 2 || line.startsWith('context ') ? line : `context ${loaded.context}: ${line}`);
			exitCode = Math.max(exitCode, outcome.exitCode);
			if (outcome.exitCode !== 2) apps.push(...part.apps);
		});
		if (flags.names) {
			stdout.lines(contextNames(apps));
			return exitCode;
		}
		const shown = compared ? apps : apps.map(app => unfinished(app, flags.nativeTimeoutMs ?? 120_000));
		if (flags.json) stdout.json(statusJson(shown, snapshot.sources));
		else stdout.text(`${statusTable(shown, {ascii: flags.ascii === true, contexts: true})}\n`);
		return exitCode;
	} finally {
		await monitor.close();
	}
}

/** Each app as CONTEXT:APP, APP as short as it is unique within its context: what the APP argument accepts. */
function contextNames(apps: readonly AppSummary[]): string[] {
	const byContext = new Map<string, AppSummary[]>();
	for (const app of apps) byContext.set(app.context, [...(byContext.get(app.context) ?? []), app]);
	return [...byContext].flatMap(([context, own]) => shortestNames(own).map(name => `${context}:${name}`)).sort();
}

/** A native app still comparing when status gives up waiting: Unknown (not fine), and why. */
function unfinished(app: AppSummary, afterMs: number): AppSummary {
	if (readFromCluster(app) || app.stateLabel !== 'Comparing') return app;
	return {...app, message: `comparing with Git made no progress for ${Math.round(afterMs / 1000)} s`};
}

/** NAME where no other app has it, else NAMESPACE/NAME where that is unique, else KIND/NAMESPACE/NAME; sorted. */
export function shortestNames(apps: readonly AppSummary[]): string[] {
	const tally = (keys: string[]) => keys.reduce((counts, key) => counts.set(key, (counts.get(key) ?? 0) + 1), new Map<string, number>());
	const names = tally(apps.map(app => app.name));
	const namespaced = tally(apps.map(app => `${app.namespace}/${app.name}`));
	return apps
		.map(app => {
			if (names.get(app.name) === 1) return app.name;
			const inNamespace = `${app.namespace}/${app.name}`;
			return namespaced.get(inNamespace) === 1 ? inNamespace : appPath(app);
		})
		.sort();
}
