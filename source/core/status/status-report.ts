import type {AppSummary} from '../apps/model.js';
import type {MonitorSnapshot} from '../apps/store.js';

/** The stable `status --json` contract: scripts depend on exactly these keys. */
export type StatusJsonApp = Pick<AppSummary, 'id' | 'provider' | 'kind' | 'name' | 'namespace' | 'context' | 'sync' | 'health' | 'revision' | 'message' | 'operation'>;

export function statusJson(apps: readonly AppSummary[]): {apps: StatusJsonApp[]} {
	return {
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
export function isFine(app: AppSummary): boolean {
	if (app.health === 'Suspended') return true;
	return app.sync === 'Synced' && app.health === 'Healthy';
}

export type StatusOutcome = {
	exitCode: 0 | 1 | 2;
	/** Lines for stderr: the error (exit 2) or warnings about partial data. */
	problems: string[];
};

/** 0 all fine, 1 something is not, 2 we could not find out. */
export function statusOutcome(snapshot: MonitorSnapshot, server: string): StatusOutcome {
	if (snapshot.fatal) return {exitCode: 2, problems: [snapshot.fatal]};
	const problems: string[] = [];
	for (const source of snapshot.sources) {
		if (source.phase === 'live') continue;
		const line = `${source.label}: ${source.phase}${source.message ? ` — ${source.message}` : ''}`;
		if (source.phase === 'forbidden') {
			problems.push(`warning: ${line}`);
			continue;
		}
		const where = source.phase === 'disconnected' ? `cannot reach ${server} (context ${snapshot.context}): ` : `context ${snapshot.context}: `;
		return {exitCode: 2, problems: [`${where}${line}`]};
	}
	// Everything forbidden: an empty list would read as "all fine" when nothing could be read.
	const [first] = snapshot.sources;
	if (first && snapshot.sources.every(source => source.phase === 'forbidden')) {
		return {exitCode: 2, problems: [`context ${snapshot.context}: nothing could be read — ${first.label}: forbidden — ${first.message}`]};
	}
	// A cluster with no controller and no native apps: "all fine" would be said of nothing at all.
	if (snapshot.apps.length === 0 && snapshot.notice) {
		return {exitCode: 2, problems: [`context ${snapshot.context}: nothing to watch — ${snapshot.notice}, and no native apps are configured for it (driftwatch.yaml)`]};
	}
	return {exitCode: snapshot.apps.every(isFine) ? 0 : 1, problems};
}
