import type {AppSummary} from '../../apps/model.js';
import {typeKey} from '../../kube/resource-type.js';
import {buildArgoDetail} from './detail.js';
import {applicationType, projectApplication, type ArgoAppProjection} from './projection.js';
import {argoSummary} from './summary.js';
import {argoDesiredPlan} from './desired-plan.js';
import type {Provider} from '../controller.js';
import {RowCache, sortedById} from '../row-cache.js';

/** Where Argo CD is installed when no Application says otherwise. */
const defaultNamespace = 'argocd';

const rows = new RowCache();
const noInputs: readonly unknown[] = [];

export const argoCdProvider: Provider = {
	name: 'argocd',
	label: 'Argo CD',
	marker: applicationType,
	watches: [{type: applicationType, role: 'app', project: projectApplication}],
	homeNamespace: defaultNamespace,
	buildApps(context, tables) {
		const table = tables.get(typeKey(applicationType));
		if (table === undefined) return [];
		const apps: AppSummary[] = [];
		for (const projection of table.values()) {
			apps.push(rows.row(context, projection, noInputs, () => argoSummary(context, projection as ArgoAppProjection)));
		}
		return sortedById(apps);
	},
	buildDetail: buildArgoDetail,
	// Everything Argo CD compared against is in the Application itself.
	desiredPlan: async object => argoDesiredPlan(object),
	settingsNamespace: projections => argoCdNamespace(projections) ?? defaultNamespace,
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
