import type {AppSummary} from '../../apps/model.js';
import {typeKey} from '../../kube/resource-type.js';
import {buildFluxDetail} from './detail.js';
import {projectHelmRelease, projectKustomization, projectSource, type FluxAppProjection} from './projection.js';
import {fluxSummary} from './summary.js';
import {fluxSourceTypes, helmReleaseType, kustomizationType} from './types.js';
import type {Provider, WatchSpec} from '../controller.js';
import {findSource} from './sync.js';
import {RowCache, sortedById} from '../row-cache.js';
import {fluxAppPlan} from './desired-plan.js';

const rows = new RowCache();

// Sources are read in every namespace: apps reference them across namespaces.
const sourceWatches: WatchSpec[] = fluxSourceTypes.map(type => ({
	type,
	role: 'source',
	project: object => projectSource(object, type.kind),
}));

export const fluxProvider: Provider = {
	name: 'flux',
	label: 'Flux',
	// Flux is installed when kustomize-controller is; helm and source types are optional.
	marker: kustomizationType,
	watches: [
		{type: kustomizationType, role: 'app', project: projectKustomization},
		{type: helmReleaseType, role: 'app', project: projectHelmRelease},
		...sourceWatches,
	],
	homeNamespace: 'flux-system',
	buildApps(context, tables) {
		const apps: AppSummary[] = [];
		for (const type of [kustomizationType, helmReleaseType]) {
			const table = tables.get(typeKey(type));
			if (table === undefined) continue;
			for (const projection of table.values()) {
				const app = projection as FluxAppProjection;
				// The row also shows its source (and a HelmChart's repository): those projections are inputs too.
				const source = app.sourceRef === null ? null : findSource(tables, app.sourceRef);
				const chartSource = source?.chartSourceRef ? findSource(tables, source.chartSourceRef) : null;
				apps.push(rows.row(context, projection, [source, chartSource], () => fluxSummary(context, app, tables)));
			}
		}
		return sortedById(apps);
	},
	buildDetail: buildFluxDetail,
	desiredPlan: fluxAppPlan,
};
