// Flux status conditions and inventory entries.

import type {KubeObject} from '../core/kube/resource-type.js';
import {isoAgo} from './values.js';

export type FluxCondition = {
	type: string;
	status: 'True' | 'False' | 'Unknown';
	reason: string;
	message: string;
	lastTransitionTime: string;
	observedGeneration: number;
};

export function fluxCondition(
	type: string,
	status: FluxCondition['status'],
	reason: string,
	message: string,
	agoMs = 0,
	observedGeneration = 1,
): FluxCondition {
	return {type, status, reason, message, lastTransitionTime: isoAgo(agoMs), observedGeneration};
}

/** Stored order: Stalled, Reconciling, Ready, then the rest. */
export function orderConditions(conditions: FluxCondition[]): FluxCondition[] {
	const rank = (type: string) => ['Stalled', 'Reconciling', 'Ready'].indexOf(type);
	const ordered = conditions.filter(condition => rank(condition.type) >= 0);
	ordered.sort((left, right) => rank(left.type) - rank(right.type));
	return [...ordered, ...conditions.filter(condition => rank(condition.type) < 0)];
}

/** status.inventory of the objects applied: id `<namespace>_<name>_<group>_<kind>`, v = version. */
export function inventoryOf(objects: readonly KubeObject[]) {
	return {
		entries: objects.map(object => {
			const apiVersion = object.apiVersion ?? 'v1';
			const slash = apiVersion.indexOf('/');
			const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
			const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
			const name = (object.metadata?.name ?? '').replaceAll(':', '__');
			return {id: `${object.metadata?.namespace ?? ''}_${name}_${group}_${object.kind ?? ''}`, v: version};
		}),
	};
}

/** Labels kustomize-controller / helm-controller put on what they apply. */
export function fluxTracking(kind: 'Kustomization' | 'HelmRelease', name: string, namespace: string) {
	const prefix = kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io' : 'helm.toolkit.fluxcd.io';
	return {labels: {[`${prefix}/name`]: name, [`${prefix}/namespace`]: namespace}};
}
