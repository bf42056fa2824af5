// Detail of a Kustomization or HelmRelease from its full object.

import type {AppDetail, HistoryEntry, ManagedResource} from '../../apps/detail.js';
import type {KubeObject} from '../../kube/resource-type.js';
import {readConditions} from '../conditions.js';
import {helmReleaseType, parseInventoryId} from './types.js';
import {at, integer, list, optionalText, record, text} from '../../util/json.js';

export function buildFluxDetail(object: KubeObject): AppDetail {
	const status = record(object.status);
	const history = list(status?.['history'])
		.map(record)
		.filter(entry => entry !== null);
	return {
		conditions: readConditions(status?.['conditions']),
		operation: null,
		history: isHelmRelease(object) ? history.map(releaseEntry) : history.map(reconciliationEntry),
		resources: list(at(status, 'inventory')?.['entries'])
			.map(inventoryResource)
			.filter(resource => resource !== null),
	};
}

function isHelmRelease(object: KubeObject): boolean {
	if (object.kind !== undefined) return object.kind === helmReleaseType.kind;
	return text(object.apiVersion).startsWith(`${helmReleaseType.group}/`);
}

/** A Helm release snapshot, newest first as stored. */
function releaseEntry(snapshot: Record<string, unknown>, index: number): HistoryEntry {
	const version = integer(snapshot['version']);
	const parts = [
		text(snapshot['status']),
		text(snapshot['action']),
		version === null ? '' : `release v${version}`,
		text(snapshot['chartName']),
	].filter(part => part !== '');
	return {
		id: String(index),
		revision: text(snapshot['chartVersion']),
		deployedAt: optionalText(snapshot['lastDeployed']) ?? optionalText(snapshot['firstDeployed']),
		note: parts.join(', '),
	};
}

/** Kustomization reconciliation snapshots (kustomize-controller ≥ 1.7), newest first. */
function reconciliationEntry(snapshot: Record<string, unknown>, index: number): HistoryEntry {
	const total = integer(snapshot['totalReconciliations']);
	const status = text(snapshot['lastReconciledStatus']);
	return {
		id: String(index),
		revision: text(at(snapshot, 'metadata')?.['revision']),
		deployedAt: optionalText(snapshot['lastReconciled']) ?? optionalText(snapshot['firstReconciled']),
		note: total !== null && total > 1 ? `${status} (${total} times)` : status,
	};
}

function inventoryResource(value: unknown): ManagedResource | null {
	const entry = record(value);
	const parsed = parseInventoryId(text(entry?.['id']));
	if (parsed === null) return null;
	return {...parsed, version: text(entry?.['v']), sync: '', health: null};
}
