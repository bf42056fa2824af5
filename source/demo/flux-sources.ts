// Flux source objects with the status source-controller writes: artifacts, revisions and Ready conditions.

import type {KubeObject} from '../core/kube/resource-type.js';
import {fluxCondition, orderConditions} from './flux-conditions.js';
import {digest, hour, isoAgo, minute} from './values.js';

const sourceApi = 'source.toolkit.fluxcd.io/v1';
const storage = 'http://source-controller.flux-system.svc.cluster.local.';

export type SourceRef = {kind: string; name: string; namespace?: string};

export function artifact(kind: string, namespace: string, name: string, revision: string, file: string, updatedAgoMs = 20 * minute) {
	const path = `${kind.toLowerCase()}/${namespace}/${name}/${file}`;
	return {
		digest: digest(`${namespace}/${name}/${revision}`),
		lastUpdateTime: isoAgo(updatedAgoMs),
		path,
		revision,
		size: 48_213,
		url: `${storage}/${path}`,
	};
}

type GitRepositoryOptions = {
	name: string;
	namespace?: string;
	url: string;
	branch?: string;
	/** Commit SHA of the artifact. */
	commit: string;
	/** Ready=False with this fetch error; the last artifact is kept unless `artifact: false`. */
	fetchError?: string;
	artifact?: boolean;
	suspend?: boolean;
};

export function gitRevision(branch: string, commit: string): string {
	return `${branch}@sha1:${commit}`;
}

export function gitRepositoryObject(options: GitRepositoryOptions): KubeObject {
	const namespace = options.namespace ?? 'flux-system';
	const branch = options.branch ?? 'main';
	const revision = gitRevision(branch, options.commit);
	const stored = `stored artifact for revision '${revision}'`;
	const conditions =
		options.fetchError === undefined
			? [
					fluxCondition('Ready', 'True', 'Succeeded', stored, 3 * hour),
					fluxCondition('ArtifactInStorage', 'True', 'Succeeded', stored, 3 * hour),
				]
			: [
					fluxCondition('Ready', 'False', 'GitOperationFailed', options.fetchError, 35 * minute),
					fluxCondition('FetchFailed', 'True', 'GitOperationFailed', options.fetchError, 35 * minute),
					fluxCondition('Reconciling', 'True', 'ProgressingWithRetry', 'building artifact', 35 * minute),
				];
	const keepArtifact = options.artifact ?? true;
	return {
		apiVersion: sourceApi,
		kind: 'GitRepository',
		metadata: {name: options.name, namespace},
		spec: {
			url: options.url,
			ref: {branch},
			interval: '1m0s',
			timeout: '60s',
			...(options.suspend ? {suspend: true} : {}),
		},
		status: {
			observedGeneration: 1,
			conditions: orderConditions(conditions),
			...(keepArtifact ? {artifact: artifact('GitRepository', namespace, options.name, revision, `${options.commit}.tar.gz`)} : {}),
		},
	};
}

export function ociRepositoryObject(options: {name: string; namespace?: string; url: string; tag: string}): KubeObject {
	const namespace = options.namespace ?? 'flux-system';
	const revision = `${options.tag}@${digest(`${options.url}:${options.tag}`)}`;
	const message = `stored artifact for digest '${revision}'`;
	return {
		apiVersion: sourceApi,
		kind: 'OCIRepository',
		metadata: {name: options.name, namespace},
		spec: {url: options.url, ref: {tag: options.tag}, interval: '5m0s'},
		status: {
			observedGeneration: 1,
			conditions: [
				fluxCondition('Ready', 'True', 'Succeeded', message, 5 * hour),
				fluxCondition('ArtifactInStorage', 'True', 'Succeeded', message, 5 * hour),
			],
			url: `${storage}/ocirepository/${namespace}/${options.name}/latest.tar.gz`,
			artifact: {
				...artifact('OCIRepository', namespace, options.name, revision, `${digest(options.tag).slice(7, 19)}.tar.gz`),
				metadata: {'org.opencontainers.image.source': options.url.replace('oci://', 'https://')},
			},
		},
	};
}

export function helmRepositoryObject(options: {name: string; namespace?: string; url: string}): KubeObject {
	const namespace = options.namespace ?? 'flux-system';
	const revision = digest(`index:${options.url}`);
	const message = `stored artifact: revision '${revision}'`;
	return {
		apiVersion: sourceApi,
		kind: 'HelmRepository',
		metadata: {name: options.name, namespace},
		spec: {url: options.url, interval: '1h0m0s'},
		status: {
			observedGeneration: 1,
			conditions: [
				fluxCondition('Ready', 'True', 'Succeeded', message, 50 * minute),
				fluxCondition('ArtifactInStorage', 'True', 'Succeeded', message, 50 * minute),
			],
			url: `${storage}/helmrepository/${namespace}/${options.name}/index.yaml`,
			artifact: artifact('HelmRepository', namespace, options.name, revision, `index-${revision.slice(7, 19)}.yaml`, 50 * minute),
		},
	};
}

type HelmChartOptions = {
	name: string;
	namespace?: string;
	chart: string;
	/** Chart version of the artifact. */
	version: string;
	/** The version constraint from the HelmRelease. */
	versionRange?: string;
	sourceRef: SourceRef;
};

export function helmChartObject(options: HelmChartOptions): KubeObject {
	const namespace = options.namespace ?? 'flux-system';
	const message = `pulled '${options.chart}' chart with version '${options.version}'`;
	return {
		apiVersion: sourceApi,
		kind: 'HelmChart',
		metadata: {name: options.name, namespace},
		spec: {
			chart: options.chart,
			version: options.versionRange ?? options.version,
			sourceRef: {kind: options.sourceRef.kind, name: options.sourceRef.name},
			interval: '10m0s',
			reconcileStrategy: 'ChartVersion',
		},
		status: {
			observedGeneration: 1,
			observedChartName: options.chart,
			observedSourceArtifactRevision: digest(`index:${options.sourceRef.name}`),
			conditions: [
				fluxCondition('Ready', 'True', 'ChartPullSucceeded', message, 30 * minute),
				fluxCondition('ArtifactInStorage', 'True', 'ChartPullSucceeded', message, 30 * minute),
			],
			artifact: artifact('HelmChart', namespace, options.name, options.version, `${options.chart}-${options.version}.tgz`, 30 * minute),
		},
	};
}
