// Minimal CustomResourceDefinitions for the GitOps kinds driftwatch reads, valid
// for a real kube-apiserver: structural schemas that keep every spec/status
// field, with upstream's group, version, names and scopes. Written by us, not
// copied from upstream manifests.

import type {KubeConfigLike} from '../core/kube/kubeconfig-file.js';
import {ApiHttpError, requestJson} from '../core/kube/http.js';
import type {KubeObject} from '../core/kube/resource-type.js';

type PrinterColumn = {name: string; type: string; jsonPath: string; priority?: number; description?: string};

type CrdDefinition = {
	group: string;
	version: string;
	kind: string;
	plural: string;
	shortNames: string[];
	categories?: string[];
	/**
	 * Upstream Argo CD declares `subresources: {}`: its controller writes status
	 * through the main endpoint, and so may clients (terminate). Flux kinds
	 * have a status subresource.
	 */
	statusSubresource: boolean;
	/** Top-level fields beside spec/status (Argo's `operation`). */
	extraFields?: string[];
	printerColumns: PrinterColumn[];
};

const openObject = {type: 'object', 'x-kubernetes-preserve-unknown-fields': true};

function crd(definition: CrdDefinition): KubeObject {
	const properties: Record<string, unknown> = {
		apiVersion: {type: 'string'},
		kind: {type: 'string'},
		metadata: {type: 'object'},
		spec: openObject,
		status: openObject,
	};
	for (const field of definition.extraFields ?? []) properties[field] = openObject;
	return {
		apiVersion: 'apiextensions.k8s.io/v1',
		kind: 'CustomResourceDefinition',
		metadata: {name: `${definition.plural}.${definition.group}`},
		spec: {
			group: definition.group,
			scope: 'Namespaced',
			names: {
				kind: definition.kind,
				listKind: `${definition.kind}List`,
				plural: definition.plural,
				singular: definition.kind.toLowerCase(),
				shortNames: definition.shortNames,
				...(definition.categories ? {categories: definition.categories} : {}),
			},
			versions: [
				{
					name: definition.version,
					served: true,
					storage: true,
					schema: {openAPIV3Schema: {type: 'object', properties}},
					subresources: definition.statusSubresource ? {status: {}} : {},
					additionalPrinterColumns: definition.printerColumns,
				},
			],
		},
	};
}

const age: PrinterColumn = {name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'};

/** Flux prints Age, Ready (= Ready.status) and Status (= Ready.message) for every kind. */
const fluxColumns: PrinterColumn[] = [
	age,
	{name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status'},
	{name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message'},
];

function fluxCrd(group: string, version: string, kind: string, plural: string, shortName: string): KubeObject {
	return crd({
		group,
		version,
		kind,
		plural,
		shortNames: [shortName],
		categories: ['fluxcd'],
		statusSubresource: true,
		printerColumns: fluxColumns,
	});
}

const argoCdCrds: KubeObject[] = [
	crd({
		group: 'argoproj.io',
		version: 'v1alpha1',
		kind: 'Application',
		plural: 'applications',
		shortNames: ['app', 'apps'],
		statusSubresource: false,
		extraFields: ['operation'],
		printerColumns: [
			{name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status'},
			{name: 'Health Status', type: 'string', jsonPath: '.status.health.status'},
			{name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10},
			{name: 'Project', type: 'string', jsonPath: '.spec.project', priority: 10},
		],
	}),
	crd({
		group: 'argoproj.io',
		version: 'v1alpha1',
		kind: 'AppProject',
		plural: 'appprojects',
		shortNames: ['appproj', 'appprojs'],
		statusSubresource: false,
		printerColumns: [],
	}),
];

const fluxCrds: KubeObject[] = [
	fluxCrd('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', 'ks'),
	fluxCrd('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', 'hr'),
	fluxCrd('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories', 'gitrepo'),
	fluxCrd('source.toolkit.fluxcd.io', 'v1', 'OCIRepository', 'ocirepositories', 'ocirepo'),
	fluxCrd('source.toolkit.fluxcd.io', 'v1', 'HelmRepository', 'helmrepositories', 'helmrepo'),
	fluxCrd('source.toolkit.fluxcd.io', 'v1', 'HelmChart', 'helmcharts', 'hc'),
];

export const allCrds: KubeObject[] = [...argoCdCrds, ...fluxCrds];

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const establishTimeoutMs = 30_000;
const pollMs = 50;

/**
 * Create the CRDs (an existing one is left as is) and wait until each is
 * Established, its kind is served by discovery and its lists answer (its
 * watch cache has started: until then they are 429): only then do lists,
 * watches and KubernetesObjectApi calls work.
 */
export async function installCrds(kc: KubeConfigLike, crds: KubeObject[]): Promise<void> {
	for (const definition of crds) {
		try {
			await requestJson(kc, crdPath, {method: 'POST', body: JSON.stringify(definition)});
		} catch (error) {
			if (!(error instanceof ApiHttpError && error.code === 409)) throw error;
		}
	}
	const deadline = Date.now() + establishTimeoutMs;
	for (const definition of crds) await waitEstablished(kc, definition, deadline);
}

async function waitEstablished(kc: KubeConfigLike, definition: KubeObject, deadline: number): Promise<void> {
	const name = definition.metadata?.name ?? '';
	const spec = definition.spec as {group: string; names: {kind: string; plural: string}; versions: Array<{name: string}>};
	for (;;) {
		if (
			(await isEstablished(kc, name)) &&
			(await isDiscoverable(kc, spec.group, spec.versions, spec.names.kind)) &&
			(await isListable(kc, spec.group, spec.versions, spec.names.plural))
		)
			return;
		if (Date.now() > deadline) throw new Error(`CustomResourceDefinition ${name} was not established within ${establishTimeoutMs / 1000}s`);
		await new Promise(resolve => setTimeout(resolve, pollMs));
	}
}

async function isEstablished(kc: KubeConfigLike, name: string): Promise<boolean> {
	const object = await requestJson<KubeObject>(kc, `${crdPath}/${encodeURIComponent(name)}`);
	const conditions = (object.status?.conditions ?? []) as Array<{type?: string; status?: string}>;
	return conditions.some(condition => condition.type === 'Established' && condition.status === 'True');
}

/** A list answers (not 429 "storage is (re)initializing", the kind's watch cache still starting). */
async function isListable(kc: KubeConfigLike, group: string, versions: Array<{name: string}>, plural: string): Promise<boolean> {
	for (const version of versions) {
		try {
			await requestJson(kc, `/apis/${group}/${version.name}/${plural}`, {query: {limit: 1}});
		} catch (error) {
			if (error instanceof ApiHttpError && (error.code === 429 || error.code === 404)) return false;
			throw error;
		}
	}
	return true;
}

async function isDiscoverable(kc: KubeConfigLike, group: string, versions: Array<{name: string}>, kind: string): Promise<boolean> {
	for (const version of versions) {
		try {
			const list = await requestJson<{resources?: Array<{kind?: string}>}>(kc, `/apis/${group}/${version.name}`);
			if (!(list.resources ?? []).some(resource => resource.kind === kind)) return false;
		} catch (error) {
			if (error instanceof ApiHttpError && error.code === 404) return false;
			throw error;
		}
	}
	return true;
}
