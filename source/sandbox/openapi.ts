// The least OpenAPI v3 that satisfies kubectl. kubectl validates manifests
// either itself (needs full schemas, which we do not have) or by asking the
// server to (`fieldValidation`), which it does once a group/version's
// document shows that PATCH accepts that parameter for the kind.
import {apiVersionOf, type ResourceRegistry} from './resources.js';
import {PlainNotFound} from './status.js';

function documentPath(group: string, version: string): string {
	return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiRoot(registry: ResourceRegistry): unknown {
	const paths: Record<string, unknown> = {};
	for (const group of registry.groups()) {
		for (const version of group.versions) {
			const path = documentPath(group.name, version);
			paths[path] = {serverRelativeURL: `/openapi/v3/${path}?hash=sandbox`};
		}
	}
	return {paths};
}

export function openApiDocument(registry: ResourceRegistry, path: string): unknown {
	// A real server answers an unknown document with an empty 404, not a Status.
	const match = /^(?:api\/(v[^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
	if (!match) throw new PlainNotFound('');
	const group = match[2] ?? '';
	const version = match[1] ?? match[3] ?? '';
	const resources = registry.inGroupVersion(group, version);
	if (resources.length === 0) throw new PlainNotFound('');
	const paths: Record<string, unknown> = {};
	for (const resource of resources) {
		const scope = resource.namespaced ? '/namespaces/{namespace}' : '';
		paths[`/${documentPath(group, version)}${scope}/${resource.plural}/{name}`] = {
			patch: {
				operationId: `patch${resource.kind}`,
				parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(name => ({name, in: 'query', schema: {type: 'string'}})),
				'x-kubernetes-action': 'patch',
				'x-kubernetes-group-version-kind': {group, version, kind: resource.kind},
			},
		};
	}
	return {openapi: '3.0.0', info: {title: 'Kubernetes', version: apiVersionOf(group, version)}, paths};
}
