// What the app list would show for a set of objects: the real providers' mapping,
// fed the way the watcher feeds them (projections keyed namespace/name).

import type {AppSummary} from '../../../source/core/apps/model.js';
import {apiVersionOf, typeKey, type KubeObject} from '../../../source/core/kube/resource-type.js';
import type {Projection} from '../../../source/core/controllers/controller.js';
import {providers} from '../../../source/core/controllers/controllers.js';

export function summarize(objects: readonly KubeObject[]): AppSummary[] {
	const apps: AppSummary[] = [];
	for (const provider of providers) {
		const tables = new Map<string, Map<string, Projection>>();
		for (const watch of provider.watches) {
			const table = new Map<string, Projection>();
			for (const object of objects) {
				if (object.kind !== watch.type.kind || object.apiVersion !== apiVersionOf(watch.type)) continue;
				// The server sets generation 1 on create; builders leave it out.
				const withGeneration = {...object, metadata: {generation: 1, ...object.metadata}};
				table.set(`${object.metadata?.namespace}/${object.metadata?.name}`, watch.project(withGeneration));
			}
			tables.set(typeKey(watch.type), table);
		}
		apps.push(...provider.buildApps('test', tables));
	}
	return apps;
}

export function find(apps: readonly AppSummary[], kind: string, namespace: string, name: string): AppSummary {
	const app = apps.find(candidate => candidate.kind === kind && candidate.namespace === namespace && candidate.name === name);
	if (!app) throw new Error(`no ${kind} ${namespace}/${name} among ${apps.length} apps`);
	return app;
}
