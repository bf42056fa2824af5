// Detail of one Application from its full object: conditions, the operation,
// deployment history (newest first) and the top-level managed resources.

import type {AppDetail, HistoryEntry, ManagedResource, OperationDetail} from '../../apps/detail.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {argoOperation} from './operation-state.js';
import {historyId, projectApplication} from './projection.js';
import {readConditions} from '../conditions.js';
import {at, list, optionalText, record, text} from '../../util/json.js';

export function buildArgoDetail(object: KubeObject): AppDetail {
	const status = record(object.status);
	return {
		conditions: readConditions(status?.['conditions']),
		operation: operationDetail(object),
		history: list(status?.['history'])
			.map(historyEntry)
			.filter(entry => entry !== null)
			.reverse(),
		resources: list(status?.['resources'])
			.map(managedResource)
			.filter(resource => resource !== null),
	};
}

function operationDetail(object: KubeObject): OperationDetail | null {
	const app = projectApplication(object);
	const view = argoOperation(app.operationRequested, app.operationState, app.deletionTimestamp !== null);
	if (view.operation === null) return null;
	const requested = record(object['operation']);
	if (app.deletionTimestamp !== null && requested === null) {
		return {
			phase: view.operation.phase,
			message: view.operation.message,
			startedAt: app.deletionTimestamp,
			finishedAt: null,
			revision: '',
			initiatedBy: '',
		};
	}
	// A requested-but-not-started operation has no state yet: describe the request.
	const state = view.waiting ? null : app.operationState;
	const stateOperation = at(object.status, 'operationState', 'operation');
	const operation = view.waiting ? requested : (stateOperation ?? requested);
	const sync = at(operation, 'sync');
	return {
		phase: view.operation.phase,
		message: view.operation.message,
		startedAt: state?.startedAt ?? null,
		finishedAt: state?.finishedAt ?? null,
		revision: state?.revision || text(sync?.['revision']) || text(list(sync?.['revisions'])[0]),
		initiatedBy: initiator(at(operation, 'initiatedBy')),
	};
}

function initiator(initiatedBy: Record<string, unknown> | null): string {
	const username = text(initiatedBy?.['username']);
	if (username !== '') return username;
	return initiatedBy?.['automated'] === true ? 'automated sync' : '';
}

function historyEntry(value: unknown): HistoryEntry | null {
	const entry = record(value);
	if (entry === null) return null;
	const source = record(entry['source']);
	const firstSource = record(list(entry['sources'])[0]);
	// Multi-source entries carry `source: {repoURL: ""}`: prefer the real one.
	const shown = text(source?.['repoURL']) !== '' ? source : (firstSource ?? source);
	return {
		id: historyId(entry['id']),
		revision: text(entry['revision']) || text(list(entry['revisions'])[0]),
		deployedAt: optionalText(entry['deployedAt']),
		note: text(shown?.['path']) || text(shown?.['chart']),
		...(initiator(record(entry['initiatedBy'])) === '' ? {} : {initiatedBy: initiator(record(entry['initiatedBy']))}),
		// Helm repository charts have versions, not commits.
		...(text(shown?.['chart']) === '' && text(shown?.['repoURL']) !== '' ? {repoUrl: text(shown?.['repoURL'])} : {}),
	};
}

function managedResource(value: unknown): ManagedResource | null {
	const resource = record(value);
	if (resource === null) return null;
	return {
		group: text(resource['group']),
		version: text(resource['version']),
		kind: text(resource['kind']),
		namespace: text(resource['namespace']),
		name: text(resource['name']),
		sync: text(resource['status']),
		health: null,
	};
}
