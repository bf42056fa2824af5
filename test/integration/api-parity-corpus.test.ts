// One corpus of requests — what driftwatch and kubectl send: reads with
// selectors and pages, watches, every kind of write, dry runs, deletes with
// propagation policies, subresources, custom kinds and their definitions,
// discovery, access reviews and the error answers — sent in order to this
// run's backend, each answer compared field by field with what a real
// kube-apiserver v1.35 answered to the same request (recorded in
// fixtures/api-parity-corpus.json). Server-made values that differ between
// any two runs (uids, timestamps, resourceVersions, continue tokens,
// generated names, allocated IPs) are replaced by placeholders first.
//
// On the sandbox (`npm test`) this pins the sandbox to the real server; on the
// real server (`npm run test:cluster`) it checks the recording still holds.
// To record again (after changing the corpus or the server version):
//   DRIFTWATCH_TEST_BACKEND=cluster DRIFTWATCH_RECORD_PARITY=1 node --import tsx --test test/integration/api-parity-corpus.test.ts
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {KubeConfig} from '@kubernetes/client-node';
import {allCrds, installCrds} from '../../source/sandbox/crds.js';
import {backendName, startBackend, type TestBackend} from '../support/backend.js';
import {call, eventsOf, until, type Reply} from './support/raw-api.js';

const fixturePath = new URL('fixtures/api-parity-corpus.json', import.meta.url);
const recording = process.env['DRIFTWATCH_RECORD_PARITY'] === '1';

const ns = 'corpus';
const api = `/api/v1/namespaces/${ns}`;
const configMaps = `${api}/configmaps`;
const secrets = `${api}/secrets`;
const services = `${api}/services`;
const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
const jobs = `/apis/batch/v1/namespaces/${ns}/jobs`;
const claims = `${api}/persistentvolumeclaims`;
const applications = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`;
const kustomizations = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations`;
const crds = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const gizmoCrd = 'gizmos.corpus.example.com';
const gizmos = `/apis/corpus.example.com/v1/namespaces/${ns}/gizmos`;
const reviews = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

const json = 'application/json';
const merge = 'application/merge-patch+json';
const strategic = 'application/strategic-merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const apply = 'application/apply-patch+yaml';
/** Writes without ?fieldManager are credited to the User-Agent's product name. */
const userAgent = 'corpus-client/1.0 (linux/amd64)';

type Saved = Record<string, string>;
type Who = 'admin' | 'viewer' | 'anonymous' | 'bad-token';

type Step = {
	name: string;
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string | ((saved: Saved) => string);
	body?: unknown;
	contentType?: string;
	as?: Who;
	/** A watch: the answer is the whole stream (the path must carry timeoutSeconds). */
	watch?: boolean;
	/** Ask again until this holds (what a controller of the server does a moment later). */
	until?: (reply: Reply) => boolean;
	/** The part of the body that is compared (discovery lists more kinds than the sandbox serves). */
	pick?: (body: any) => unknown;
	save?: (reply: Reply, saved: Saved) => void;
};

type Seen = {status: number; contentType: string; warnings?: string[]; body?: unknown; text?: string; events?: unknown[]};

const configMap = (name: string, labels: Record<string, string> | undefined, data: Record<string, string>) => ({
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name, ...(labels ? {labels} : {})},
	data,
});

const deployment = (name: string, image: string) => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name, labels: {app: name}},
	spec: {
		replicas: 2,
		selector: {matchLabels: {app: name}},
		template: {
			metadata: {labels: {app: name}},
			spec: {
				containers: [
					{
						name: 'web',
						image,
						ports: [{containerPort: 8080, name: 'http'}],
						env: [{name: 'MODE', value: 'live'}],
						readinessProbe: {httpGet: {port: 'http'}},
					},
					{name: 'sidecar', image: 'ghcr.io/acme/proxy:2.0', resources: {limits: {cpu: '100m'}}},
				],
			},
		},
	},
});

const gizmoDefinition = {
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: gizmoCrd},
	spec: {
		group: 'corpus.example.com',
		scope: 'Namespaced',
		names: {plural: 'gizmos', kind: 'Gizmo', shortNames: ['gz']},
		versions: [
			{
				name: 'v1',
				served: true,
				storage: true,
				schema: {
					openAPIV3Schema: {
						type: 'object',
						properties: {
							spec: {
								type: 'object',
								'x-kubernetes-preserve-unknown-fields': true,
								properties: {
									size: {type: 'integer'},
									parts: {
										type: 'array',
										'x-kubernetes-list-type': 'map',
										'x-kubernetes-list-map-keys': ['name'],
										items: {type: 'object', required: ['name'], properties: {name: {type: 'string'}, count: {type: 'integer'}}},
									},
									tags: {type: 'array', 'x-kubernetes-list-type': 'set', items: {type: 'string'}},
								},
							},
							status: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
						},
					},
				},
				subresources: {status: {}},
			},
		],
	},
};

const secretBody = (stringData: Record<string, string>, data?: Record<string, string>) => ({
	apiVersion: 'v1',
	kind: 'Secret',
	metadata: {name: 'creds'},
	...(data ? {data} : {}),
	stringData,
});

const conditionTrue = (type: string) => (reply: Reply) =>
	((reply.body?.status?.conditions ?? []) as Array<{type: string; status: string}>).some(
		condition => condition.type === type && condition.status === 'True',
	);

/** The kubernetes Service's targetPort is the API server's own port, another in every run. */
const withoutTargetPorts = (body: any) => ({
	...body,
	items: body.items.map((item: any) => ({
		...item,
		spec: {...item.spec, ports: item.spec.ports.map((port: any) => ({...port, targetPort: '<port>'}))},
	})),
});

/** The groups the sandbox serves (the real server has more: compared only for these). */
const sandboxGroups = [
	'apps',
	'batch',
	'autoscaling',
	'networking.k8s.io',
	'policy',
	'rbac.authorization.k8s.io',
	'storage.k8s.io',
	'scheduling.k8s.io',
	'coordination.k8s.io',
	'discovery.k8s.io',
	'admissionregistration.k8s.io',
	'apiregistration.k8s.io',
	'apiextensions.k8s.io',
	'authorization.k8s.io',
	'argoproj.io',
	'kustomize.toolkit.fluxcd.io',
	'helm.toolkit.fluxcd.io',
	'source.toolkit.fluxcd.io',
];

const customGroups = new Set([
	'argoproj.io',
	'kustomize.toolkit.fluxcd.io',
	'helm.toolkit.fluxcd.io',
	'source.toolkit.fluxcd.io',
	'corpus.example.com',
]);
const builtInGroupCount = (groups: Array<{name: string}>) =>
	groups.filter(group => sandboxGroups.includes(group.name) && !customGroups.has(group.name)).length;
/** The first `count` groups as they are, the rest by name. */
const inNameOrderAfter = (count: number, groups: Array<{name: string}>) => [
	...groups.slice(0, count),
	...groups.slice(count).sort((a, b) => (a.name < b.name ? -1 : 1)),
];

const withoutAutoscalingV1 = (group: any) =>
	group.name === 'autoscaling'
		? {...group, versions: group.versions.filter((version: {version: string}) => version.version !== 'v1')}
		: group;

const resourcesNamed = (names: string[]) => (body: any) => ({
	...body,
	resources: ((body?.resources ?? []) as Array<{name: string}>).filter(resource => names.includes(resource.name)),
});

const steps: Step[] = [
	// ---- what a fresh server has
	{name: 'fresh: namespaces', path: '/api/v1/namespaces'},
	{name: 'fresh: services', path: '/api/v1/services', pick: body => withoutTargetPorts(body)},
	{
		name: 'fresh: configmaps',
		path: '/api/v1/configmaps',
		pick: body => ({...body, items: body.items.map((item: any) => ({...item, data: Object.keys(item.data ?? {})}))}),
	},

	// ---- setup that is itself compared
	{
		name: 'namespace: create',
		method: 'POST',
		path: '/api/v1/namespaces',
		body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}},
	},
	{name: 'namespace: get', path: `/api/v1/namespaces/${ns}`},

	// ---- ConfigMaps: create, read, select, page
	{
		name: 'configmap: create',
		method: 'POST',
		path: configMaps,
		body: configMap('cm-a', {app: 'a', tier: 'web'}, {k: 'v'}),
		save: (reply, saved) => (saved['cm-a'] = reply.body.metadata.resourceVersion),
	},
	{name: 'configmap: create b', method: 'POST', path: `${configMaps}?fieldManager=maker`, body: configMap('cm-b', {app: 'b'}, {k: 'v'})},
	{name: 'configmap: create c', method: 'POST', path: configMaps, body: configMap('cm-c', undefined, {k: 'v'})},
	{name: 'configmap: create again is AlreadyExists', method: 'POST', path: configMaps, body: configMap('cm-a', undefined, {})},
	{name: 'configmap: create without a name', method: 'POST', path: configMaps, body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {}}},
	{
		name: 'configmap: create in a missing namespace',
		method: 'POST',
		path: '/api/v1/namespaces/nowhere/configmaps',
		body: configMap('x', undefined, {}),
	},
	{
		name: 'configmap: create with generateName',
		method: 'POST',
		path: configMaps,
		body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {generateName: 'gen-', labels: {generated: 'yes'}}},
	},
	{name: 'configmap: create with an invalid label', method: 'POST', path: configMaps, body: configMap('badlabel', {'bad key!': 'x'}, {})},
	{
		name: 'configmap: create with an unknown field',
		method: 'POST',
		path: configMaps,
		body: {...configMap('unknownfield', undefined, {}), spec: {x: 1}},
	},
	{
		name: 'configmap: create with a non-string value',
		method: 'POST',
		path: configMaps,
		body: {...configMap('badvalue', undefined, {}), data: {n: 1}},
	},
	{name: 'configmap: create with a body that is not JSON', method: 'POST', path: configMaps, body: '{not json', contentType: json},
	{
		name: 'configmap: create with a resourceVersion',
		method: 'POST',
		path: configMaps,
		body: {...configMap('with-rv', undefined, {}), metadata: {name: 'with-rv', resourceVersion: '5'}},
	},
	{name: 'configmap: create with a name too long', method: 'POST', path: configMaps, body: configMap('x'.repeat(254), undefined, {})},
	{
		name: 'configmap: create with a uid and a creation time',
		method: 'POST',
		path: configMaps,
		body: {
			...configMap('with-uid', undefined, {a: '1'}),
			metadata: {name: 'with-uid', uid: '11111111-2222-3333-4444-555555555555', creationTimestamp: '2020-01-01T00:00:00Z'},
		},
	},
	{
		name: 'configmap: create with the wrong namespace',
		method: 'POST',
		path: configMaps,
		body: {...configMap('elsewhere', undefined, {}), metadata: {name: 'elsewhere', namespace: 'default'}},
	},
	{
		name: 'configmap: create through a subresource',
		method: 'POST',
		path: `${configMaps}/cm-a/status`,
		body: configMap('cm-a', undefined, {}),
	},
	{name: 'configmap: update with an empty body', method: 'PUT', path: `${configMaps}/cm-a`, body: '', contentType: json},
	{name: 'configmap: get', path: `${configMaps}/cm-a`},
	{name: 'configmap: get missing', path: `${configMaps}/missing`},
	{name: 'configmap: list', path: `${configMaps}?labelSelector=app`},
	{name: 'configmap: list app=a', path: `${configMaps}?labelSelector=app%3Da`},
	{name: 'configmap: list app in (a,b)', path: `${configMaps}?labelSelector=${encodeURIComponent('app in (a,b)')}`},
	{name: 'configmap: list app!=a', path: `${configMaps}?labelSelector=${encodeURIComponent('app!=a,!generated')}`},
	{name: 'configmap: list !app', path: `${configMaps}?labelSelector=${encodeURIComponent('!app,!generated')}`},
	{name: 'configmap: list a malformed label selector', path: `${configMaps}?labelSelector=${encodeURIComponent('app in (a')}`},
	{name: 'configmap: list an invalid label value', path: `${configMaps}?labelSelector=${encodeURIComponent('app=a b')}`},
	{name: 'configmap: list metadata.name=cm-b', path: `${configMaps}?fieldSelector=metadata.name%3Dcm-b`},
	{name: 'configmap: list metadata.name!=cm-b', path: `${configMaps}?fieldSelector=metadata.name!%3Dcm-b&labelSelector=app`},
	{name: 'configmap: list metadata.namespace', path: `${configMaps}?fieldSelector=metadata.namespace%3D${ns}&labelSelector=tier`},
	{name: 'configmap: list an unsupported field', path: `${configMaps}?fieldSelector=data.k%3Dv`},
	{name: 'configmap: list every namespace', path: '/api/v1/configmaps?labelSelector=app'},
	{name: 'configmap: list limit=2', path: `${configMaps}?limit=2`, save: (reply, saved) => (saved.continue = reply.body.metadata.continue)},
	{name: 'configmap: list the next page', path: saved => `${configMaps}?limit=2&continue=${encodeURIComponent(saved.continue ?? '')}`},
	{name: 'configmap: list a bad continue token', path: `${configMaps}?limit=2&continue=bm90LWEtdG9rZW4`},
	{name: 'configmap: list limit=0', path: `${configMaps}?limit=0&labelSelector=tier`},

	// ---- ConfigMaps: update and patch
	{
		name: 'configmap: update with its resourceVersion',
		method: 'PUT',
		path: `${configMaps}/cm-a`,
		body: (saved: Saved) => ({
			...configMap('cm-a', {app: 'a', tier: 'web'}, {k: 'v2'}),
			metadata: {name: 'cm-a', labels: {app: 'a', tier: 'web'}, resourceVersion: saved['cm-a']},
		}),
	},
	{
		name: 'configmap: update with a stale resourceVersion',
		method: 'PUT',
		path: `${configMaps}/cm-a`,
		body: (saved: Saved) => ({...configMap('cm-a', undefined, {}), metadata: {name: 'cm-a', resourceVersion: saved['cm-a']}}),
	},
	{
		name: 'configmap: update without a resourceVersion',
		method: 'PUT',
		path: `${configMaps}/cm-a?fieldManager=replacer`,
		body: configMap('cm-a', {app: 'a', tier: 'web'}, {k: 'v3', extra: 'x'}),
	},
	{name: 'configmap: update with another name', method: 'PUT', path: `${configMaps}/cm-a`, body: configMap('cm-z', undefined, {})},
	{name: 'configmap: update missing', method: 'PUT', path: `${configMaps}/missing`, body: configMap('missing', undefined, {})},
	{
		name: 'configmap: merge patch',
		method: 'PATCH',
		path: `${configMaps}/cm-a?fieldManager=merger`,
		body: {metadata: {annotations: {note: 'merged'}}, data: {extra: null, m: '1'}},
		contentType: merge,
	},
	{
		name: 'configmap: strategic merge patch',
		method: 'PATCH',
		path: `${configMaps}/cm-a?fieldManager=strategist`,
		body: {data: {s: '1'}},
		contentType: strategic,
	},
	{
		name: 'configmap: json patch',
		method: 'PATCH',
		path: `${configMaps}/cm-a?fieldManager=jsonpatcher`,
		body: [
			{op: 'add', path: '/data/j', value: '1'},
			{op: 'remove', path: '/data/s'},
		],
		contentType: jsonPatch,
	},
	{
		name: 'configmap: json patch removing a missing key',
		method: 'PATCH',
		path: `${configMaps}/cm-a`,
		body: [{op: 'remove', path: '/data/nothere'}],
		contentType: jsonPatch,
	},
	{
		name: 'configmap: patch that changes nothing',
		method: 'PATCH',
		path: `${configMaps}/cm-a?fieldManager=merger`,
		body: {data: {m: '1'}},
		contentType: merge,
	},
	{name: 'configmap: patch missing', method: 'PATCH', path: `${configMaps}/missing`, body: {data: {a: '1'}}, contentType: merge},
	{
		name: 'configmap: patch with an unknown content type',
		method: 'PATCH',
		path: `${configMaps}/cm-a`,
		body: {data: {a: '1'}},
		contentType: 'text/plain',
	},
	{name: 'configmap: patch that is not JSON', method: 'PATCH', path: `${configMaps}/cm-a`, body: '{data', contentType: merge},
	{name: 'configmap: get after the writes', path: `${configMaps}/cm-a`},

	// ---- server-side apply
	{
		name: 'apply: no fieldManager',
		method: 'PATCH',
		path: `${configMaps}/applied`,
		body: configMap('applied', undefined, {a: '1'}),
		contentType: apply,
	},
	{
		name: 'apply: create',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: configMap('applied', {owner: 'alpha'}, {a: '1', b: '2'}),
		contentType: apply,
	},
	{
		name: 'apply: the same again',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: configMap('applied', {owner: 'alpha'}, {a: '1', b: '2'}),
		contentType: apply,
	},
	{
		name: 'apply: a conflict',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=beta`,
		body: configMap('applied', undefined, {a: 'beta'}),
		contentType: apply,
	},
	{
		name: 'apply: two conflicts',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=beta`,
		body: configMap('applied', {owner: 'beta'}, {a: 'beta', b: 'beta'}),
		contentType: apply,
	},
	{
		name: 'apply: shared equal values',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=gamma`,
		body: configMap('applied', undefined, {b: '2', c: '3'}),
		contentType: apply,
	},
	{
		name: 'apply: forced',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=beta&force=true`,
		body: configMap('applied', undefined, {a: 'beta'}),
		contentType: apply,
	},
	{
		name: 'apply: a field no longer applied goes',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: configMap('applied', {owner: 'alpha'}, {}),
		contentType: apply,
	},
	{
		name: 'apply: dry run',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=delta&force=true&dryRun=All`,
		body: configMap('applied', undefined, {a: 'dry'}),
		contentType: apply,
	},
	{
		name: 'apply: dry run creating',
		method: 'PATCH',
		path: `${configMaps}/dry-applied?fieldManager=delta&dryRun=All`,
		body: configMap('dry-applied', undefined, {a: '1'}),
		contentType: apply,
	},
	{name: 'apply: after the dry runs', path: `${configMaps}/applied`},
	{
		name: 'apply: force on a merge patch',
		method: 'PATCH',
		path: `${configMaps}/applied?force=true`,
		body: {data: {a: '1'}},
		contentType: merge,
	},
	{
		name: 'apply: without kind',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: {apiVersion: 'v1', metadata: {name: 'applied'}},
		contentType: apply,
	},
	{
		name: 'apply: with managedFields',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: {...configMap('applied', undefined, {}), metadata: {name: 'applied', managedFields: [{manager: 'x', operation: 'Apply'}]}},
		contentType: apply,
	},
	{
		name: 'apply: a YAML body with a raw control character',
		method: 'PATCH',
		path: `${configMaps}/controlled?fieldManager=alpha`,
		body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: controlled\ndata:\n  a: "x\u007fy"\n  b: x\u0085y\n',
		contentType: apply,
	},
	{
		name: 'apply: a JSON body with an escaped control character',
		method: 'PATCH',
		path: `${configMaps}/controlled?fieldManager=alpha`,
		body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"controlled"},"data":{"a":"x\\u007fy"}}',
		contentType: apply,
	},
	{
		name: 'apply: an invalid dryRun',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha&dryRun=Some`,
		body: configMap('applied', undefined, {}),
		contentType: apply,
	},
	{
		name: 'apply: a name that differs from the path',
		method: 'PATCH',
		path: `${configMaps}/applied?fieldManager=alpha`,
		body: configMap('other', undefined, {}),
		contentType: apply,
	},

	// ---- dry runs of the other writes
	{name: 'dry run: create', method: 'POST', path: `${configMaps}?dryRun=All`, body: configMap('dry', undefined, {a: '1'})},
	{name: 'dry run: nothing created', path: `${configMaps}/dry`},
	{name: 'dry run: update', method: 'PUT', path: `${configMaps}/cm-c?dryRun=All`, body: configMap('cm-c', undefined, {k: 'dry'})},
	{name: 'dry run: delete', method: 'DELETE', path: `${configMaps}/cm-c?dryRun=All`},
	{name: 'dry run: nothing changed or deleted', path: `${configMaps}/cm-c`},

	// ---- watches
	{
		name: 'watch: mark',
		path: `${configMaps}?labelSelector=tier`,
		save: (reply, saved) => (saved.mark = reply.body.metadata.resourceVersion),
	},
	{name: 'watch: a change', method: 'PATCH', path: `${configMaps}/cm-a`, body: {data: {w: '1'}}, contentType: merge},
	{name: 'watch: a new object', method: 'POST', path: configMaps, body: configMap('cm-w', {tier: 'web'}, {})},
	{
		name: 'watch: a label change takes it out of the selection',
		method: 'PATCH',
		path: `${configMaps}/cm-w`,
		body: {metadata: {labels: {tier: null}}},
		contentType: merge,
	},
	{
		name: 'watch: from the mark',
		path: saved => `${configMaps}?watch=true&resourceVersion=${saved.mark}&labelSelector=tier&timeoutSeconds=1`,
		watch: true,
	},
	{
		name: 'watch: from the mark, every namespace',
		path: saved => `/api/v1/configmaps?watch=1&resourceVersion=${saved.mark}&fieldSelector=metadata.name%3Dcm-w&timeoutSeconds=1`,
		watch: true,
	},
	{
		name: 'watch: initial events and a bookmark',
		path: `${configMaps}?watch=true&allowWatchBookmarks=true&labelSelector=tier&timeoutSeconds=1`,
		watch: true,
	},
	{
		name: 'watch: initial events without bookmarks',
		path: `${configMaps}?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dcm-b&timeoutSeconds=1`,
		watch: true,
	},
	{
		name: 'watch: streaming list',
		path: `${configMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dcm-b&timeoutSeconds=1`,
		watch: true,
	},
	{name: 'watch: the legacy /watch/ path', path: `/api/v1/watch/namespaces/${ns}/configmaps/cm-b?timeoutSeconds=1`, watch: true},
	{name: 'watch: an invalid resourceVersion', path: `${configMaps}?watch=true&resourceVersion=abc&timeoutSeconds=1`},
	{name: 'watch: a version older than the server', path: `${configMaps}?watch=true&resourceVersion=1&timeoutSeconds=1`, watch: true},

	// ---- deletes
	{
		name: 'delete: with a uid precondition that fails',
		method: 'DELETE',
		path: `${configMaps}/cm-c`,
		body: {kind: 'DeleteOptions', apiVersion: 'v1', preconditions: {uid: '00000000-0000-0000-0000-000000000000'}},
	},
	{
		name: 'delete: with a resourceVersion precondition that fails',
		method: 'DELETE',
		path: `${configMaps}/cm-c`,
		body: {kind: 'DeleteOptions', apiVersion: 'v1', preconditions: {resourceVersion: '1'}},
	},
	{
		name: 'delete: background',
		method: 'DELETE',
		path: `${configMaps}/cm-c`,
		body: {kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background'},
	},
	{name: 'delete: missing', method: 'DELETE', path: `${configMaps}/cm-c`},
	{
		name: 'delete: foreground keeps it, marked',
		method: 'DELETE',
		path: `${configMaps}/cm-w`,
		body: {kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground'},
	},
	{name: 'delete: foreground, still there', path: `${configMaps}/cm-w`},
	{name: 'delete: foreground, again', method: 'DELETE', path: `${configMaps}/cm-w`},
	{
		name: 'delete: foreground, its finalizer removed',
		method: 'PATCH',
		path: `${configMaps}/cm-w`,
		body: {metadata: {finalizers: null}},
		contentType: merge,
	},
	{name: 'delete: foreground, gone', path: `${configMaps}/cm-w`},
	{name: 'delete: orphan keeps it, marked', method: 'DELETE', path: `${configMaps}/applied?propagationPolicy=Orphan`},
	{
		name: 'delete: orphan, its finalizer removed',
		method: 'PATCH',
		path: `${configMaps}/applied`,
		body: {metadata: {finalizers: null}},
		contentType: merge,
	},
	{name: 'delete: an unknown propagation policy', method: 'DELETE', path: `${configMaps}/cm-b?propagationPolicy=Sometimes`},
	{name: 'delete: a collection by label', method: 'DELETE', path: `${configMaps}?labelSelector=app%3Db`},
	{name: 'delete: the collection is gone', path: `${configMaps}?labelSelector=app`},

	// ---- Secrets: stringData is merged into data and never stored
	{
		name: 'secret: create with stringData',
		method: 'POST',
		path: secrets,
		body: secretBody(
			{user: 'admin', token: 'from-string'},
			{token: Buffer.from('from-data').toString('base64'), other: Buffer.from('kept').toString('base64')},
		),
	},
	{name: 'secret: get', path: `${secrets}/creds`},
	{name: 'secret: list', path: secrets},
	{
		name: 'secret: update with stringData',
		method: 'PUT',
		path: `${secrets}/creds`,
		body: secretBody({user: 'root'}, {other: Buffer.from('kept').toString('base64')}),
	},
	{
		name: 'secret: merge patch with stringData',
		method: 'PATCH',
		path: `${secrets}/creds`,
		body: {stringData: {patched: 'yes'}},
		contentType: merge,
	},
	{
		name: 'secret: apply with stringData',
		method: 'PATCH',
		path: `${secrets}/applied?fieldManager=applier`,
		body: {...secretBody({user: 'ssa'}), metadata: {name: 'applied'}},
		contentType: apply,
	},
	{
		name: 'secret: apply again with other stringData',
		method: 'PATCH',
		path: `${secrets}/applied?fieldManager=applier`,
		body: {...secretBody({password: 'second'}), metadata: {name: 'applied'}},
		contentType: apply,
	},
	{
		name: 'secret: dry-run apply with stringData',
		method: 'PATCH',
		path: `${secrets}/applied?fieldManager=other&force=true&dryRun=All`,
		body: {...secretBody({user: 'dry'}), metadata: {name: 'applied'}},
		contentType: apply,
	},
	{
		name: 'secret: dry-run create with stringData',
		method: 'POST',
		path: `${secrets}?dryRun=All`,
		body: {...secretBody({user: 'dry'}), metadata: {name: 'dry'}},
	},
	{name: 'secret: watch', path: `${secrets}?watch=true&fieldSelector=metadata.name%3Dcreds&timeoutSeconds=1`, watch: true},

	// ---- Deployments: defaults, list merge keys, status and scale
	{name: 'deployment: create', method: 'POST', path: deployments, body: deployment('web', 'ghcr.io/acme/web:1.0')},
	{name: 'deployment: list', path: deployments},
	{
		name: 'deployment: strategic merge patch of one container',
		method: 'PATCH',
		path: `${deployments}/web`,
		body: {spec: {template: {spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:1.1'}]}}}},
		contentType: strategic,
	},
	{
		name: 'deployment: merge patch replaces the list',
		method: 'PATCH',
		path: `${deployments}/web`,
		body: {spec: {template: {spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:1.2'}]}}}},
		contentType: merge,
	},
	{
		name: 'deployment: apply',
		method: 'PATCH',
		path: `${deployments}/applied?fieldManager=gitops`,
		body: deployment('applied', 'ghcr.io/acme/web:1.0'),
		contentType: apply,
	},
	{
		name: 'deployment: apply by another manager, one container',
		method: 'PATCH',
		path: `${deployments}/applied?fieldManager=other&force=true`,
		body: {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'applied'},
			spec: {template: {spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:2.0'}]}}},
		},
		contentType: apply,
	},
	{
		name: 'deployment: dry-run apply with one container less',
		method: 'PATCH',
		path: `${deployments}/applied?fieldManager=gitops&force=true&dryRun=All`,
		body: {
			...deployment('applied', 'ghcr.io/acme/web:1.0'),
			spec: {
				...deployment('applied', 'x').spec,
				template: {metadata: {labels: {app: 'applied'}}, spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:1.0'}]}},
			},
		},
		contentType: apply,
	},
	{name: 'deployment: get status', path: `${deployments}/web/status`},
	{
		name: 'deployment: patch status',
		method: 'PATCH',
		path: `${deployments}/web/status`,
		body: {status: {replicas: 2, readyReplicas: 1}},
		contentType: merge,
	},
	{
		name: 'deployment: a status write through the main resource is ignored',
		method: 'PATCH',
		path: `${deployments}/web`,
		body: {status: {replicas: 9}},
		contentType: merge,
	},
	{name: 'deployment: get scale', path: `${deployments}/web/scale`},
	{name: 'deployment: patch scale', method: 'PATCH', path: `${deployments}/web/scale`, body: {spec: {replicas: 3}}, contentType: merge},
	{
		name: 'deployment: replicas after scaling',
		path: `${deployments}/web`,
		pick: body => ({generation: body.metadata.generation, replicas: body.spec.replicas}),
	},
	{name: 'deployment: an unknown subresource', path: `${deployments}/web/nothing`},
	{
		name: 'deployment: a list across namespaces cannot be created into',
		method: 'POST',
		path: '/apis/apps/v1/deployments',
		body: deployment('x', 'x'),
	},
	{name: 'deployment: delete', method: 'DELETE', path: `${deployments}/web`, body: {propagationPolicy: 'Background'}},

	// ---- Services, Jobs and claims: what the server adds
	{
		name: 'service: create',
		method: 'POST',
		path: services,
		body: {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {selector: {app: 'web'}, ports: [{name: 'http', port: 80}]}},
	},
	{name: 'service: delete', method: 'DELETE', path: `${services}/web`},
	{
		name: 'job: create',
		method: 'POST',
		path: jobs,
		body: {
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'once'},
			spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'run', image: 'busybox:1.36'}]}}},
		},
	},
	{name: 'job: delete without a policy', method: 'DELETE', path: `${jobs}/once`},
	{
		name: 'claim: create',
		method: 'POST',
		path: claims,
		body: {
			apiVersion: 'v1',
			kind: 'PersistentVolumeClaim',
			metadata: {name: 'data'},
			spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}},
		},
	},
	{name: 'claim: delete', method: 'DELETE', path: `${claims}/data`},

	{
		name: 'service: create for updates',
		method: 'POST',
		path: services,
		body: {
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'api'},
			spec: {selector: {app: 'api'}, ports: [{name: 'http', port: 80, targetPort: 8080}]},
		},
	},
	{
		name: 'service: replace without the cluster IP keeps it',
		method: 'PUT',
		path: `${services}/api`,
		body: {
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'api'},
			spec: {
				selector: {app: 'api'},
				ports: [
					{name: 'http', port: 80, targetPort: 8080},
					{name: 'metrics', port: 9090},
				],
			},
		},
	},
	{
		name: 'service: apply without the cluster IP keeps it',
		method: 'PATCH',
		path: `${services}/api?fieldManager=gitops&force=true`,
		body: {
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'api'},
			spec: {selector: {app: 'api'}, ports: [{name: 'http', port: 80, targetPort: 8081}]},
		},
		contentType: apply,
	},
	{
		name: 'service: headless',
		method: 'POST',
		path: services,
		body: {
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'headless'},
			spec: {clusterIP: 'None', selector: {app: 'db'}, ports: [{port: 5432}]},
		},
	},
	{
		name: 'service: external name',
		method: 'POST',
		path: services,
		body: {apiVersion: 'v1', kind: 'Service', metadata: {name: 'outside'}, spec: {type: 'ExternalName', externalName: 'example.com'}},
	},
	{
		name: 'serviceaccount: create',
		method: 'POST',
		path: `${api}/serviceaccounts`,
		body: {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'runner'}},
	},
	{
		name: 'statefulset: create',
		method: 'POST',
		path: `/apis/apps/v1/namespaces/${ns}/statefulsets`,
		body: {
			apiVersion: 'apps/v1',
			kind: 'StatefulSet',
			metadata: {name: 'db'},
			spec: {
				serviceName: 'headless',
				selector: {matchLabels: {app: 'db'}},
				template: {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'db', image: 'postgres:16'}]}},
			},
		},
	},
	{
		name: 'daemonset: create',
		method: 'POST',
		path: `/apis/apps/v1/namespaces/${ns}/daemonsets`,
		body: {
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'agent'},
			spec: {
				selector: {matchLabels: {app: 'agent'}},
				template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'agent', image: 'agent:1'}]}},
			},
		},
	},
	{
		name: 'replicaset: create',
		method: 'POST',
		path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
		body: {
			apiVersion: 'apps/v1',
			kind: 'ReplicaSet',
			metadata: {name: 'rs'},
			spec: {
				selector: {matchLabels: {app: 'rs'}},
				template: {metadata: {labels: {app: 'rs'}}, spec: {containers: [{name: 'web', image: 'web:1'}]}},
			},
		},
	},
	{
		name: 'cronjob: create',
		method: 'POST',
		path: `/apis/batch/v1/namespaces/${ns}/cronjobs`,
		body: {
			apiVersion: 'batch/v1',
			kind: 'CronJob',
			metadata: {name: 'nightly'},
			spec: {
				schedule: '0 3 * * *',
				jobTemplate: {spec: {template: {spec: {restartPolicy: 'OnFailure', containers: [{name: 'run', image: 'busybox:1.36'}]}}}},
			},
		},
	},
	{
		name: 'ingress: create',
		method: 'POST',
		path: `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`,
		body: {
			apiVersion: 'networking.k8s.io/v1',
			kind: 'Ingress',
			metadata: {name: 'web'},
			spec: {
				rules: [
					{
						host: 'shop.example.com',
						http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'api', port: {number: 80}}}}]},
					},
				],
			},
		},
	},
	{
		name: 'hpa: create',
		method: 'POST',
		path: `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
		body: {
			apiVersion: 'autoscaling/v2',
			kind: 'HorizontalPodAutoscaler',
			metadata: {name: 'web'},
			spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'applied'}, minReplicas: 1, maxReplicas: 3},
		},
	},
	{
		name: 'pod: create',
		method: 'POST',
		path: `${api}/pods`,
		body: {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'one', labels: {app: 'one'}},
			spec: {containers: [{name: 'main', image: 'busybox:1.36', resources: {limits: {memory: '64Mi'}}}]},
		},
	},
	{name: 'pod: delete', method: 'DELETE', path: `${api}/pods/one`},

	// ---- more built-in kinds GitOps repositories hold: created and deleted
	...[
		[
			'role',
			`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
			{
				apiVersion: 'rbac.authorization.k8s.io/v1',
				kind: 'Role',
				metadata: {name: 'reader'},
				rules: [{apiGroups: [''], resources: ['pods'], verbs: ['get', 'list']}],
			},
		],
		[
			'rolebinding',
			`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
			{
				apiVersion: 'rbac.authorization.k8s.io/v1',
				kind: 'RoleBinding',
				metadata: {name: 'reader'},
				roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader'},
				subjects: [{kind: 'ServiceAccount', name: 'runner', namespace: ns}],
			},
		],
		[
			'clusterrole',
			'/apis/rbac.authorization.k8s.io/v1/clusterroles',
			{
				apiVersion: 'rbac.authorization.k8s.io/v1',
				kind: 'ClusterRole',
				metadata: {name: 'corpus-reader'},
				rules: [{apiGroups: ['apps'], resources: ['deployments'], verbs: ['get']}],
			},
		],
		[
			'clusterrolebinding',
			'/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
			{
				apiVersion: 'rbac.authorization.k8s.io/v1',
				kind: 'ClusterRoleBinding',
				metadata: {name: 'corpus-reader'},
				roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'corpus-reader'},
				subjects: [{kind: 'Group', name: 'corpus', apiGroup: 'rbac.authorization.k8s.io'}],
			},
		],
		[
			'networkpolicy',
			`/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`,
			{
				apiVersion: 'networking.k8s.io/v1',
				kind: 'NetworkPolicy',
				metadata: {name: 'deny'},
				spec: {podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {app: 'web'}}}], ports: [{port: 80}]}]},
			},
		],
		[
			'ingressclass',
			'/apis/networking.k8s.io/v1/ingressclasses',
			{apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'corpus'}, spec: {controller: 'example.com/ingress'}},
		],
		[
			'poddisruptionbudget',
			`/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`,
			{
				apiVersion: 'policy/v1',
				kind: 'PodDisruptionBudget',
				metadata: {name: 'web'},
				spec: {minAvailable: 1, selector: {matchLabels: {app: 'web'}}},
			},
		],
		[
			'storageclass',
			'/apis/storage.k8s.io/v1/storageclasses',
			{apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: {name: 'corpus'}, provisioner: 'example.com/disk'},
		],
		[
			'priorityclass',
			'/apis/scheduling.k8s.io/v1/priorityclasses',
			{apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {name: 'corpus'}, value: 1000},
		],
		[
			'lease',
			`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
			{
				apiVersion: 'coordination.k8s.io/v1',
				kind: 'Lease',
				metadata: {name: 'leader'},
				spec: {holderIdentity: 'one', leaseDurationSeconds: 15},
			},
		],
		[
			'endpointslice',
			`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
			{
				apiVersion: 'discovery.k8s.io/v1',
				kind: 'EndpointSlice',
				metadata: {name: 'web-1', labels: {'kubernetes.io/service-name': 'web'}},
				addressType: 'IPv4',
				endpoints: [{addresses: ['10.1.0.1']}],
				ports: [{name: 'http', port: 80}],
			},
		],
		[
			'validatingwebhookconfiguration',
			'/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
			{
				apiVersion: 'admissionregistration.k8s.io/v1',
				kind: 'ValidatingWebhookConfiguration',
				metadata: {name: 'corpus'},
				webhooks: [
					{
						name: 'check.example.com',
						clientConfig: {url: 'https://example.com/check'},
						rules: [{operations: ['CREATE'], apiGroups: ['example.com'], apiVersions: ['v1'], resources: ['nothings']}],
						sideEffects: 'None',
						admissionReviewVersions: ['v1'],
					},
				],
			},
		],
		[
			'resourcequota',
			`${api}/resourcequotas`,
			{apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'pods'}, spec: {hard: {pods: '10'}}},
		],
		[
			'limitrange',
			`${api}/limitranges`,
			{apiVersion: 'v1', kind: 'LimitRange', metadata: {name: 'defaults'}, spec: {limits: [{type: 'Container', default: {cpu: '100m'}}]}},
		],
		[
			'endpoints',
			`${api}/endpoints`,
			{apiVersion: 'v1', kind: 'Endpoints', metadata: {name: 'manual'}, subsets: [{addresses: [{ip: '10.1.0.2'}], ports: [{port: 80}]}]},
		],
		[
			'persistentvolume',
			'/api/v1/persistentvolumes',
			{
				apiVersion: 'v1',
				kind: 'PersistentVolume',
				metadata: {name: 'corpus-pv'},
				spec: {capacity: {storage: '1Gi'}, accessModes: ['ReadWriteOnce'], hostPath: {path: '/tmp/pv'}},
			},
		],
		[
			'replicationcontroller',
			`${api}/replicationcontrollers`,
			{
				apiVersion: 'v1',
				kind: 'ReplicationController',
				metadata: {name: 'rc'},
				spec: {
					replicas: 1,
					selector: {app: 'rc'},
					template: {metadata: {labels: {app: 'rc'}}, spec: {containers: [{name: 'web', image: 'web:1'}]}},
				},
			},
		],
		[
			'node',
			'/api/v1/nodes',
			{apiVersion: 'v1', kind: 'Node', metadata: {name: 'corpus-node', labels: {role: 'worker'}}, spec: {podCIDR: '10.244.0.0/24'}},
		],
		[
			'podtemplate',
			`${api}/podtemplates`,
			{
				apiVersion: 'v1',
				kind: 'PodTemplate',
				metadata: {name: 'tpl'},
				template: {metadata: {labels: {app: 'tpl'}}, spec: {containers: [{name: 'web', image: 'web:1'}]}},
			},
		],
	].flatMap(([kind, collection, body]) => [
		{name: `${kind as string}: create`, method: 'POST', path: collection as string, body} as Step,
		{
			name: `${kind as string}: delete`,
			method: 'DELETE',
			path: `${collection as string}/${(body as {metadata: {name: string}}).metadata.name}`,
		} as Step,
	]),

	// ---- what kubectl sends besides server-side apply
	{
		name: 'kubectl: client-side apply creates with the last-applied annotation',
		method: 'POST',
		path: `${deployments}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`,
		body: {
			...deployment('csa', 'ghcr.io/acme/web:1.0'),
			metadata: {name: 'csa', labels: {app: 'csa'}, annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}'}},
		},
	},
	{
		name: 'kubectl: client-side apply patches one container image in order',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`,
		body: {
			metadata: {annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"changed":true}'}},
			spec: {
				template: {
					spec: {
						'$setElementOrder/containers': [{name: 'web'}, {name: 'sidecar'}],
						containers: [{name: 'web', image: 'ghcr.io/acme/web:1.1'}],
					},
				},
			},
		},
		contentType: strategic,
	},
	{
		name: 'kubectl: client-side apply deletes a container and an env var',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=kubectl-client-side-apply`,
		body: {
			spec: {
				template: {
					spec: {
						'$setElementOrder/containers': [{name: 'web'}],
						containers: [
							{name: 'web', '$setElementOrder/env': [], env: [{name: 'MODE', $patch: 'delete'}]},
							{name: 'sidecar', $patch: 'delete'},
						],
					},
				},
			},
		},
		contentType: strategic,
	},
	{
		name: 'kubectl: edit adds an env var (strategic)',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=kubectl-edit`,
		body: {spec: {template: {spec: {containers: [{name: 'web', env: [{name: 'DEBUG', value: '1'}]}]}}}},
		contentType: strategic,
	},
	{
		name: 'kubectl: label and annotate',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=kubectl-label`,
		body: {metadata: {labels: {tier: 'front'}, annotations: {note: 'x'}}},
		contentType: merge,
	},
	{
		name: 'kubectl: add and remove finalizers',
		method: 'PATCH',
		path: `${deployments}/csa`,
		body: {metadata: {finalizers: ['example.com/a', 'example.com/b']}},
		contentType: strategic,
	},
	{
		name: 'kubectl: remove one finalizer',
		method: 'PATCH',
		path: `${deployments}/csa`,
		body: {metadata: {'$deleteFromPrimitiveList/finalizers': ['example.com/a']}},
		contentType: strategic,
	},
	{
		name: 'kubectl: replace the finalizers',
		method: 'PATCH',
		path: `${deployments}/csa`,
		body: {metadata: {finalizers: null}},
		contentType: merge,
	},
	{
		name: 'gitops: dry-run apply over an edited env',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=gitops&force=true&dryRun=All`,
		body: deployment('csa', 'ghcr.io/acme/web:2.0'),
		contentType: apply,
	},
	{
		name: 'gitops: apply over an edited env',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=gitops&force=true`,
		body: deployment('csa', 'ghcr.io/acme/web:2.0'),
		contentType: apply,
	},
	{
		name: 'gitops: apply again without the sidecar',
		method: 'PATCH',
		path: `${deployments}/csa?fieldManager=gitops&force=true`,
		body: {
			...deployment('csa', 'ghcr.io/acme/web:2.0'),
			spec: {
				...deployment('csa', 'x').spec,
				template: {
					metadata: {labels: {app: 'csa'}},
					spec: {containers: [{name: 'web', image: 'ghcr.io/acme/web:2.0', env: [{name: 'MODE', value: 'live'}]}]},
				},
			},
		},
		contentType: apply,
	},
	{
		name: 'gitops: apply with owner references and finalizers',
		method: 'PATCH',
		path: `${configMaps}/owned?fieldManager=gitops`,
		body: {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {
				name: 'owned',
				finalizers: ['example.com/keep'],
				ownerReferences: [{apiVersion: 'v1', kind: 'ConfigMap', name: 'cm-a', uid: '11111111-2222-3333-4444-555555555555'}],
			},
			data: {a: '1'},
		},
		contentType: apply,
	},
	{
		name: 'gitops: its finalizer released',
		method: 'PATCH',
		path: `${configMaps}/owned?fieldManager=gitops`,
		body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'owned'}, data: {a: '1'}},
		contentType: apply,
	},
	{name: 'list: at resourceVersion 0', path: `${deployments}?resourceVersion=0&limit=1`},
	{
		name: 'list: not older than a version',
		path: saved => `${configMaps}?resourceVersion=${saved.mark}&resourceVersionMatch=NotOlderThan&labelSelector=tier`,
	},
	{name: 'get: at resourceVersion 0', path: `${deployments}/csa?resourceVersion=0`, pick: body => ({name: body.metadata?.name})},

	// ---- custom kinds
	{
		name: 'application: create',
		method: 'POST',
		path: applications,
		body: {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name: 'shop', labels: {team: 'a'}},
			spec: {project: 'default', destination: {namespace: ns}},
		},
	},
	{name: 'application: list', path: applications},
	{name: 'application: list every namespace', path: '/apis/argoproj.io/v1alpha1/applications?labelSelector=team'},
	{
		name: 'application: apply',
		method: 'PATCH',
		path: `${applications}/applied?fieldManager=argocd-controller`,
		body: {
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name: 'applied'},
			spec: {project: 'default', source: {repoURL: 'https://example.com/r.git', path: 'app'}},
		},
		contentType: apply,
	},
	{
		name: 'application: json patch',
		method: 'PATCH',
		path: `${applications}/shop`,
		body: [{op: 'add', path: '/spec/syncPolicy', value: {automated: {}}}],
		contentType: jsonPatch,
	},
	{
		name: 'application: strategic merge patch is refused',
		method: 'PATCH',
		path: `${applications}/shop`,
		body: {spec: {}},
		contentType: strategic,
	},
	{name: 'application: watch', path: `${applications}?watch=true&fieldSelector=metadata.name%3Dshop&timeoutSeconds=1`, watch: true},
	{name: 'application: delete', method: 'DELETE', path: `${applications}/shop`},
	{
		name: 'kustomization: create',
		method: 'POST',
		path: kustomizations,
		body: {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name: 'apps'},
			spec: {interval: '5m', path: './apps', prune: true, sourceRef: {kind: 'GitRepository', name: 'flux-system'}},
		},
	},
	{
		name: 'kustomization: update status',
		method: 'PUT',
		path: `${kustomizations}/apps/status`,
		body: {apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: {name: 'apps'}, status: {observedGeneration: 1}},
	},
	{
		name: 'kustomization: apply status',
		method: 'PATCH',
		path: `${kustomizations}/apps/status?fieldManager=kustomize-controller&force=true`,
		body: {
			apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
			kind: 'Kustomization',
			metadata: {name: 'apps'},
			status: {
				conditions: [
					{type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z'},
				],
			},
		},
		contentType: apply,
	},
	{name: 'kustomization: list', path: kustomizations},

	// ---- a definition of our own, its objects and its removal
	{name: 'crd: create', method: 'POST', path: crds, body: gizmoDefinition},
	{name: 'crd: established', path: `${crds}/${gizmoCrd}`, until: conditionTrue('Established')},
	{name: 'crd: discovery of its group', path: '/apis/corpus.example.com/v1', until: reply => reply.status === 200},
	{
		name: 'gizmo: create',
		method: 'POST',
		path: gizmos,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g1'}, spec: {size: 1}},
	},
	{
		name: 'gizmo: create with a status',
		method: 'POST',
		path: gizmos,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g2'}, spec: {size: 2}, status: {ok: true}},
	},
	{name: 'gizmo: list', path: gizmos},
	{
		name: 'gizmo: update without a resourceVersion',
		method: 'PUT',
		path: `${gizmos}/g1`,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g1'}, spec: {size: 3}},
	},
	{name: 'gizmo: status merge patch', method: 'PATCH', path: `${gizmos}/g1/status`, body: {status: {ok: true}}, contentType: merge},
	{name: 'gizmo: deletecollection', method: 'DELETE', path: gizmos},
	{
		name: 'gizmo: another',
		method: 'POST',
		path: gizmos,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g3'}, spec: {size: 3}},
	},
	{
		name: 'gizmo: apply keyed list items and a set',
		method: 'PATCH',
		path: `${gizmos}/g4?fieldManager=one`,
		body: {
			apiVersion: 'corpus.example.com/v1',
			kind: 'Gizmo',
			metadata: {name: 'g4'},
			spec: {
				parts: [
					{name: 'a', count: 1},
					{name: 'b', count: 2},
				],
				tags: ['x', 'y'],
			},
		},
		contentType: apply,
	},
	{
		name: 'gizmo: another manager applies one item and a tag',
		method: 'PATCH',
		path: `${gizmos}/g4?fieldManager=two`,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g4'}, spec: {parts: [{name: 'c', count: 3}], tags: ['z']}},
		contentType: apply,
	},
	{
		name: 'gizmo: the first drops an item and a tag',
		method: 'PATCH',
		path: `${gizmos}/g4?fieldManager=one`,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g4'}, spec: {parts: [{name: 'a', count: 5}], tags: ['x']}},
		contentType: apply,
	},
	{
		name: 'gizmo: an unknown top-level field is pruned',
		method: 'POST',
		path: gizmos,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g5'}, spec: {size: 1}, extra: {a: 1}},
	},
	{
		name: 'gizmo: an unknown field refused with Strict',
		method: 'POST',
		path: `${gizmos}?fieldValidation=Strict`,
		body: {apiVersion: 'corpus.example.com/v1', kind: 'Gizmo', metadata: {name: 'g6'}, spec: {size: 1}, extra: {a: 1}},
	},

	{name: 'crd: delete', method: 'DELETE', path: `${crds}/${gizmoCrd}`},
	{name: 'crd: gone', path: `${crds}/${gizmoCrd}`, until: reply => reply.status === 404},
	{name: 'gizmo: its kind is gone', path: gizmos, until: reply => reply.status === 404},

	// ---- discovery and version
	{name: 'discovery: /api', path: '/api', pick: body => ({...body, serverAddressByClientCIDRs: body.serverAddressByClientCIDRs?.length})},
	// Custom groups come after the built-in ones in no fixed order: compared by name. The sandbox does not serve
	// autoscaling/v1 (it would need HorizontalPodAutoscaler v1⇄v2 conversion): that version is left out.
	{
		name: 'discovery: /apis',
		path: '/apis',
		pick: body => ({
			...body,
			groups: inNameOrderAfter(
				builtInGroupCount(body.groups),
				body.groups.filter((group: {name: string}) => sandboxGroups.includes(group.name)),
			).map(withoutAutoscalingV1),
		}),
	},
	{name: 'discovery: apps', path: '/apis/apps'},
	{
		name: 'discovery: core v1',
		path: '/api/v1',
		pick: resourcesNamed([
			...[
				'configmaps',
				'secrets',
				'namespaces',
				'namespaces/status',
				'namespaces/finalize',
				'pods',
				'pods/status',
				'services',
				'services/status',
				'persistentvolumeclaims',
			],
			...[
				'persistentvolumeclaims/status',
				'events',
				'serviceaccounts',
				'endpoints',
				'limitranges',
				'nodes',
				'nodes/status',
				'persistentvolumes',
				'persistentvolumes/status',
			],
			...[
				'podtemplates',
				'replicationcontrollers',
				'replicationcontrollers/scale',
				'replicationcontrollers/status',
				'resourcequotas',
				'resourcequotas/status',
			],
		]),
	},
	...[
		['networking.k8s.io/v1', ['ingresses', 'ingresses/status', 'networkpolicies', 'ingressclasses']],
		['policy/v1', ['poddisruptionbudgets', 'poddisruptionbudgets/status']],
		['rbac.authorization.k8s.io/v1', ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']],
		['storage.k8s.io/v1', ['storageclasses']],
		['scheduling.k8s.io/v1', ['priorityclasses']],
		['coordination.k8s.io/v1', ['leases']],
		['discovery.k8s.io/v1', ['endpointslices']],
		['admissionregistration.k8s.io/v1', ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']],
		['autoscaling/v2', ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']],
		['apiregistration.k8s.io/v1', ['apiservices', 'apiservices/status']],
		['apiextensions.k8s.io/v1', ['customresourcedefinitions', 'customresourcedefinitions/status']],
	].map(
		([groupVersion, names]) =>
			({
				name: `discovery: ${groupVersion as string}`,
				path: `/apis/${groupVersion as string}`,
				pick: resourcesNamed(names as string[]),
			}) as Step,
	),
	{
		name: 'discovery: apps v1',
		path: '/apis/apps/v1',
		pick: resourcesNamed([
			'deployments',
			'deployments/status',
			'deployments/scale',
			'statefulsets',
			'statefulsets/scale',
			'replicasets',
			'replicasets/scale',
			'daemonsets',
			'controllerrevisions',
		]),
	},
	{name: 'discovery: batch v1', path: '/apis/batch/v1', pick: resourcesNamed(['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status'])},
	{name: 'discovery: the argoproj.io group', path: '/apis/argoproj.io'},
	// A real server lists a custom group's kinds in no fixed order.
	{
		name: 'discovery: argoproj.io v1alpha1',
		path: '/apis/argoproj.io/v1alpha1',
		pick: body => ({...body, resources: [...body.resources].sort((a: any, b: any) => (a.name < b.name ? -1 : 1))}),
	},
	{name: 'discovery: authorization v1', path: '/apis/authorization.k8s.io/v1', pick: resourcesNamed(['selfsubjectaccessreviews'])},
	{
		name: 'version',
		path: '/version',
		pick: body => ({major: body.major, minor: body.minor, gitVersion: body.gitVersion, keys: Object.keys(body).sort()}),
	},

	// ---- who may do what
	{
		name: 'access review: admin may delete secrets',
		method: 'POST',
		path: reviews,
		body: {
			apiVersion: 'authorization.k8s.io/v1',
			kind: 'SelfSubjectAccessReview',
			spec: {resourceAttributes: {verb: 'delete', resource: 'secrets', namespace: ns}},
		},
	},
	{
		name: 'access review: viewer may list deployments',
		method: 'POST',
		path: reviews,
		as: 'viewer',
		body: {
			apiVersion: 'authorization.k8s.io/v1',
			kind: 'SelfSubjectAccessReview',
			spec: {resourceAttributes: {verb: 'list', group: 'apps', resource: 'deployments'}},
		},
	},
	{
		name: 'access review: viewer may not patch applications',
		method: 'POST',
		path: reviews,
		as: 'viewer',
		body: {
			apiVersion: 'authorization.k8s.io/v1',
			kind: 'SelfSubjectAccessReview',
			spec: {resourceAttributes: {verb: 'patch', group: 'argoproj.io', resource: 'applications', namespace: ns, name: 'shop'}},
		},
	},
	{name: 'forbidden: viewer creates', method: 'POST', path: configMaps, as: 'viewer', body: configMap('nope', undefined, {})},
	{name: 'forbidden: viewer deletes a named object', method: 'DELETE', path: `${configMaps}/cm-a`, as: 'viewer'},
	{
		name: 'forbidden: viewer patches a status',
		method: 'PATCH',
		path: `${kustomizations}/apps/status`,
		as: 'viewer',
		body: {status: {}},
		contentType: merge,
	},
	{name: 'unauthorized: a bad token', path: configMaps, as: 'bad-token'},
	{name: 'forbidden: anonymous', path: `${configMaps}/cm-a`, as: 'anonymous'},

	// ---- paths that are not there
	{name: 'not found: an unknown core kind', path: `${api}/nothings`},
	{name: 'not found: an unknown version', path: '/api/v2/namespaces'},
	{name: 'not found: a namespaced kind at cluster scope by name', path: '/api/v1/configmaps/cm-a'},
	{name: 'method not allowed: delete a namespace collection', method: 'DELETE', path: '/api/v1/namespaces'},
	{name: 'namespace: delete', method: 'DELETE', path: `/api/v1/namespaces/${ns}`},
	{name: 'namespace: terminating takes no new objects', method: 'POST', path: configMaps, body: configMap('late', undefined, {})},
];

// ---- comparison

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * Server-made values as placeholders: a uid by the object it names
 * (`uid:corpus/cm-a`, `#2` for a later object of the same name), times,
 * resourceVersions, continue tokens, generated name suffixes, cluster IPs.
 */
class Normalizer {
	readonly #uids = new Map<string, string>();
	readonly #names = new Map<string, number>();

	normalize(value: unknown): unknown {
		this.#learnUids(value);
		return this.#walk(value, '');
	}

	#learnUids(value: unknown): void {
		if (Array.isArray(value)) for (const item of value) this.#learnUids(item);
		else if (value && typeof value === 'object') {
			const object = value as Record<string, any>;
			const metadata = object['metadata'];
			if (metadata && typeof metadata.uid === 'string' && !this.#uids.has(metadata.uid)) {
				const name = `${metadata.namespace ?? ''}/${String(metadata.name ?? '').replace(/^gen-\w{5}$/, 'gen-*')}`;
				const count = (this.#names.get(name) ?? 0) + 1;
				this.#names.set(name, count);
				this.#uids.set(metadata.uid, `uid:${name}${count > 1 ? `#${count}` : ''}`);
			}
			for (const child of Object.values(object)) this.#learnUids(child);
		}
	}

	#walk(value: unknown, key: string): unknown {
		if (key === 'managedFields' && Array.isArray(value)) return sortedEntries(value.map(item => this.#walk(item, key)));
		if (Array.isArray(value)) return value.map(item => this.#walk(item, key));
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value as Record<string, unknown>).map(([childKey, child]) => [childKey, this.#walk(child, childKey)]),
			);
		}
		if (typeof value !== 'string') return value;
		if (key === 'resourceVersion' && /^\d+$/.test(value)) return '<rv>';
		if (key === 'continue' && value) return '<continue>';
		if ((key === 'clusterIP' || key === 'clusterIPs') && /^\d+\.\d+\.\d+\.\d+$/.test(value)) return '<ip>';
		if (time.test(value)) return '<time>';
		// The test server's own controllers write as its binary, which on a real cluster is kube-apiserver.
		if (key === 'manager' && value === 'control-plane') return 'kube-apiserver';
		return value
			.replace(uuid, found => this.#uids.get(found) ?? '<uid>')
			.replace(/\bgen-\w{5}\b/g, 'gen-*')
			.replace(/too old resource version: (\d+) \((\d+)\)/, 'too old resource version: $1 (<rv>)')
			.replace(/the ResourceVersion in record \(\d+\)/, 'the ResourceVersion in record (<rv>)');
	}
}

/** managedFields in one order: a real server orders entries by write time to the second, which differs run to run. */
function sortedEntries(entries: unknown[]): unknown[] {
	const keyOf = (entry: any) => [entry?.operation, entry?.manager, entry?.subresource ?? '', entry?.apiVersion].join('\u0000');
	return [...entries].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

function mediaTypeOf(contentType: string): string {
	return contentType.split(';')[0]?.trim() ?? '';
}

function seenOf(step: Step, reply: Reply, normalizer: Normalizer): Seen {
	const seen: Seen = {status: reply.status, contentType: mediaTypeOf(reply.contentType)};
	if (reply.warnings.length > 0) seen.warnings = reply.warnings;
	if (step.watch && reply.status === 200) {
		seen.events = eventsOf(reply).map(event => normalizer.normalize(event));
		return seen;
	}
	if (reply.body === undefined) {
		seen.text = reply.text;
		return seen;
	}
	seen.body = normalizer.normalize(step.pick && reply.status < 300 ? step.pick(reply.body) : reply.body);
	return seen;
}

type Recording = {server: string; steps: Record<string, Seen>};

function readRecording(): Recording {
	try {
		return JSON.parse(readFileSync(fixturePath, 'utf8')) as Recording;
	} catch {
		return {server: '', steps: {}};
	}
}

describe(`the request corpus answered as a real kube-apiserver answers it (${backendName()})`, () => {
	let backend: TestBackend;
	const clients = new Map<Who, KubeConfig>();
	const saved: Saved = {};
	const normalizer = new Normalizer();
	const recorded: Recording = {server: '', steps: {}};
	const expected = readRecording();

	before(async () => {
		if (recording && backendName() !== 'cluster') throw new Error('record the corpus from a real server: DRIFTWATCH_TEST_BACKEND=cluster');
		backend = await startBackend();
		const admin = backend.kubeConfig();
		clients.set('admin', admin);
		clients.set('viewer', backend.kubeConfig(backend.viewerContext));
		await installCrds(admin, allCrds);
		if (recording) recorded.server = String((await call(admin, 'GET', '/version')).body?.gitVersion ?? '');
	});

	after(async () => {
		await backend?.close();
		if (recording) writeFileSync(fixturePath, `${JSON.stringify(recorded, null, '\t')}\n`);
	});

	for (const step of steps) {
		test(step.name, async () => {
			const who = step.as ?? 'admin';
			const kc = clients.get(who === 'viewer' ? 'viewer' : 'admin') as KubeConfig;
			const path = typeof step.path === 'function' ? step.path(saved) : step.path;
			const body = typeof step.body === 'function' ? (step.body as (saved: Saved) => unknown)(saved) : step.body;
			const send = async () => {
				if (who === 'bad-token')
					return call(withToken(kc, 'not-a-valid-token'), step.method ?? 'GET', path, {body, contentType: step.contentType, userAgent});
				return call(kc, step.method ?? 'GET', path, {body, contentType: step.contentType, anonymous: who === 'anonymous', userAgent});
			};
			const reply = step.until
				? await until(async () => ((reply: Reply) => step.until?.(reply) && reply)(await send()), step.name)
				: await send();
			step.save?.(reply, saved);
			const seen = seenOf(step, reply, normalizer);
			if (recording) {
				recorded.steps[step.name] = seen;
				return;
			}
			const want = expected.steps[step.name];
			assert.ok(want, `no recorded answer for "${step.name}": record the corpus again (see the top of this file)`);
			assert.deepEqual(seen, want);
		});
	}
});

/** The same cluster with another bearer token. */
function withToken(kc: KubeConfig, token: string): KubeConfig {
	const cluster = kc.getCurrentCluster();
	if (!cluster) throw new Error('the kubeconfig has no current cluster');
	const other = new KubeConfig();
	other.loadFromOptions({
		clusters: [cluster],
		users: [{name: 'other', token}],
		contexts: [{name: 'other', cluster: cluster.name, user: 'other'}],
		currentContext: 'other',
	});
	return other;
}
