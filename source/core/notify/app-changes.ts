// Noticing that an app got worse while driftwatch runs: it turned Degraded, or OutOfSync. Only a change seen
// after the first complete listing counts — what the apps were when driftwatch started (or switched context or
// namespace) is the starting point, not news — and only from a known state: a native app's first comparison
// (Unknown → OutOfSync) is its first look, not a change.
import type {AppSummary, HealthStatus, SyncStatus} from '../apps/model.js';
import type {SourceState} from '../kube/source-state.js';

export type AppChange = {
	appId: string;
	/** NAMESPACE/NAME, as the list shows it; CONTEXT:NAMESPACE/NAME while several contexts are watched. */
	label: string;
	became: 'Degraded' | 'OutOfSync';
	/** Epoch ms it was noticed. */
	at: number;
};

type Seen = {health: HealthStatus; sync: SyncStatus};

type Listing = {
	context: string;
	namespace: string | null;
	apps: readonly AppSummary[];
	sources: readonly SourceState[];
	updatedAt: number | null;
	/** Present while several contexts are watched: each app's context is then part of its name. */
	watched?: readonly unknown[] | undefined;
};

/** Every watched source answered once (live, or a problem that is shown): the listing is what the cluster holds. */
export function listingComplete(listing: Pick<Listing, 'sources' | 'updatedAt'>): boolean {
	if (listing.updatedAt === null) return false;
	return listing.sources.every(source => source.phase !== 'connecting');
}

/** Whether the app still is what the change said it became (a recovered app's notice is no longer true). */
export function stillTrue(change: AppChange, app: Pick<AppSummary, 'health' | 'sync'> | undefined): boolean {
	if (!app) return false;
	return change.became === 'Degraded' ? app.health === 'Degraded' : app.sync === 'OutOfSync';
}

/** Remembers each app's last health and sync, and says which apps turned Degraded or OutOfSync since the last look. */
export class AppChangeWatch {
	#seen: Map<string, Seen> | null = null;
	#scope = '';

	/** The changes in this listing against the previous one; empty for the first complete listing of a scope. */
	observe(listing: Listing, now = Date.now()): AppChange[] {
		const scope = `${listing.context}\u0000${listing.namespace ?? ''}`;
		if (scope !== this.#scope) {
			this.#scope = scope;
			this.#seen = null;
		}
		if (!listingComplete(listing)) return [];
		const previous = this.#seen;
		const seen = new Map<string, Seen>();
		const changes: AppChange[] = [];
		for (const app of listing.apps) {
			seen.set(app.id, {health: app.health, sync: app.sync});
			const before = previous?.get(app.id);
			if (!before) continue;
			const label = `${listing.watched === undefined ? '' : `${app.context}:`}${app.namespace}/${app.name}`;
			if (app.health === 'Degraded' && before.health !== 'Degraded' && before.health !== 'Unknown')
				changes.push({appId: app.id, label, became: 'Degraded', at: now});
			if (app.sync === 'OutOfSync' && before.sync === 'Synced') changes.push({appId: app.id, label, became: 'OutOfSync', at: now});
		}
		this.#seen = seen;
		return changes;
	}
}

/** "2 new: shop/web Degraded, shop/api OutOfSync": the header's words (and the notification's body). */
export function changesText(changes: readonly AppChange[]): string {
	return `${changes.length} new: ${changes.map(change => `${change.label} ${change.became}`).join(', ')}`;
}
