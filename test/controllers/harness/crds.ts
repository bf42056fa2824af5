// CRDs from the controllers' module directories, applied the way a cluster
// admin does (server-side apply), then polled until Established: a controller
// started before its CRDs are served exits, and kubectl's own
// `wait --for=condition=Established` errors on a CRD whose conditions are still empty.
import {readFile} from 'node:fs/promises';
import type {KubeConfig} from '@kubernetes/client-node';
import {parseAllDocuments} from 'yaml';
import {requestJson} from '../../../source/core/kube/http.js';
import {waitForAsync} from '../../support/wait-for.js';

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

type Crd = {metadata: {name: string}; status?: {conditions?: Array<{type: string; status: string}>}};

/** Apply every CustomResourceDefinition in `files` (multi-document YAML) and wait until all are Established. */
export async function applyCrds(admin: KubeConfig, files: readonly string[], timeoutMs = 60_000): Promise<string[]> {
	const names: string[] = [];
	for (const file of files) {
		for (const document of parseAllDocuments(await readFile(file, 'utf8'))) {
			const crd = document.toJS() as (Crd & {kind?: string}) | null;
			if (crd?.kind !== 'CustomResourceDefinition') continue;
			await requestJson(admin, `${crdPath}/${crd.metadata.name}`, {
				method: 'PATCH',
				query: {fieldManager: 'driftwatch-controller-tier', force: true},
				contentType: 'application/apply-patch+yaml',
				body: JSON.stringify(crd),
			});
			names.push(crd.metadata.name);
		}
	}
	for (const name of names) {
		await waitForAsync(
			async () => {
				const crd = await requestJson<Crd>(admin, `${crdPath}/${name}`);
				return crd.status?.conditions?.some(condition => condition.type === 'Established' && condition.status === 'True');
			},
			timeoutMs,
			last => `CRD ${name} Established (last: ${String(last)})`,
		);
	}
	return names;
}
