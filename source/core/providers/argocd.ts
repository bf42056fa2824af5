import type {AppSummary} from '../apps/model.js';
import {typeKey} from '../kube/resource-type.js';
import {buildArgoDetail} from './argocd-detail.js';
import {projectApplication, type ArgoAppProjection} from './argocd-projection.js';
import {argoSummary} from './argocd-summary.js';
import {applicationType} from './argocd-type.js';
import type {Provider} from './provider.js';
import {RowCache} from './row-cache.js';

const rows = new RowCache();
const noInputs: readonly unknown[] = [];

export const argoCdProvider: Provider = {
	name: 'argocd',
	label: 'Argo CD',
	marker: applicationType,
	watches: [{type: applicationType, role: 'app', project: projectApplication}],
	buildApps(context, tables) {
		const table = tables.get(typeKey(applicationType));
		if (table === undefined) return [];
		const apps: AppSummary[] = [];
		for (const projection of table.values()) {
			apps.push(rows.row(context, projection, noInputs, () => argoSummary(context, projection as ArgoAppProjection)));
		}
		return apps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	},
	buildDetail: buildArgoDetail,
};

/** Where Argo CD runs (its settings live there), as its Applications report it; the most common answer wins. */
export function argoCdNamespace(projections: Iterable<unknown>): string | null {
	const counts = new Map<string, number>();
	for (const projection of projections) {
		const namespace = (projection as Partial<ArgoAppProjection>).controllerNamespace;
		if (namespace) counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
	}
	let best: string | null = null;
	for (const [namespace, count] of counts) if (best === null || count > counts.get(best)!) best = namespace;
	return best;
}
