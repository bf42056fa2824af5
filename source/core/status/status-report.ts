import {missingNamespaceLine, type NamespaceCheck} from '../kube/namespace-check.js';
import type {AppSummary} from '../apps/model.js';
import type {MonitorSnapshot} from '../monitor/monitor.js';
import type {SourceState} from '../kube/source-state.js';

/** The stable `status --json` contract: scripts depend on exactly these keys. */
type StatusJsonApp = Pick<
	AppSummary,
	'id' | 'provider' | 'kind' | 'name' | 'namespace' | 'context' | 'sync' | 'health' | 'revision' | 'message' | 'operation'
>;

/** A source watched in some namespaces only: what `status --json` says is not covered. */
type StatusJsonPartial = {
	/** e.g. 'argoproj.io/applications'. */
	source: string;
	label: string;
	/** The only namespaces whose objects are in `apps`: objects of this kind anywhere else are missing. */
	onlyNamespaces: string[];
	message: string;
};

/** `partial` is there only when some source covers some namespaces only, so the usual output keeps its keys. */
export function statusJson(
	apps: readonly AppSummary[],
	sources: readonly SourceState[] = [],
): {apps: StatusJsonApp[]; partial?: StatusJsonPartial[]} {
	const partial = sources
		.filter(source => source.phase === 'partial')
		.map(source => ({
			source: source.key,
			label: source.label,
			onlyNamespaces: [...(source.coveredNamespaces ?? [])],
			message: source.message,
		}));
	return {
		...(partial.length > 0 ? {partial} : {}),
		apps: apps.map(app => ({
			id: app.id,
			provider: app.provider,
			kind: app.kind,
			name: app.name,
			namespace: app.namespace,
			context: app.context,
			sync: app.sync,
			health: app.health,
			revision: app.revision,
			message: app.message,
			operation: app.operation ? {phase: app.operation.phase, message: app.operation.message} : null,
		})),
	};
}

/** Suspended is a deliberate state, not a problem. */
function isFine(app: AppSummary): boolean {
	if (app.health === 'Suspended') return true;
	return app.sync === 'Synced' && app.health === 'Healthy';
}

type StatusOutcome = {
	exitCode: 0 | 1 | 2;
	/** Lines for stderr: the error (exit 2) or warnings about partial data. */
	problems: string[];
};

/** 0 all fine, 1 something is not (or only part could be read), 2 we could not find out. */
export function statusOutcome(snapshot: MonitorSnapshot, server: string): StatusOutcome {
	if (snapshot.fatal) return {exitCode: 2, problems: [snapshot.fatal]};
	const problems: string[] = [];
	for (const source of snapshot.sources) {
		if (source.phase === 'live') continue;
		const line = `${source.label}: ${source.phase}${source.message ? ` — ${source.message}` : ''}`;
		if (source.phase === 'partial') {
			// The apps listed are right, but others may exist unseen: never "all fine".
			problems.push(`warning: ${line}`);
			continue;
		}
		if (source.phase === 'forbidden') {
			problems.push(`warning: ${line}`);
			continue;
		}
		const where =
			source.phase === 'disconnected' ? `cannot reach ${server} (context ${snapshot.context}): ` : `context ${snapshot.context}: `;
		return {exitCode: 2, problems: [`${where}${line}`]};
	}
	// Everything forbidden: an empty list would read as "all fine" when nothing could be read.
	const [first] = snapshot.sources;
	if (first && snapshot.sources.every(source => source.phase === 'forbidden')) {
		return {exitCode: 2, problems: [`context ${snapshot.context}: nothing could be read — ${first.label}: forbidden — ${first.message}`]};
	}
	// A cluster with no controller and no native apps: "all fine" would be said of nothing at all.
	if (snapshot.apps.length === 0 && snapshot.notice) {
		return {
			exitCode: 2,
			problems: [
				`context ${snapshot.context}: nothing to watch — ${snapshot.notice}, and no Git apps are configured for it (driftwatch.yaml)`,
			],
		};
	}
	const partial = snapshot.sources.some(source => source.phase === 'partial');
	return {exitCode: !partial && snapshot.apps.every(isFine) ? 0 : 1, problems};
}

/**
 * What `-n NAMESPACE` adds to an empty answer: a namespace that does not exist is an error (a typo must not read
 * as "all fine"), one that exists but holds no apps is said on stderr, as is one whose existence could not be
 * checked. Null when apps were found (even in a namespace not created yet: a native app may create it).
 */
export function namespaceOutcome(
	namespace: string,
	context: string,
	check: NamespaceCheck,
	appCount: number,
): {exitCode: 2 | null; line: string} | null {
	if (appCount > 0) return null;
	if (check.state === 'missing') return {exitCode: 2, line: missingNamespaceLine(namespace, context)};
	if (check.state === 'exists') return {exitCode: null, line: `no apps in namespace "${namespace}" (context ${context})`};
	return {
		exitCode: null,
		line: `no apps in namespace "${namespace}" (context ${context}); whether it exists could not be checked: ${check.reason}`,
	};
}
