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
};
