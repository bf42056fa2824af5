// The kinds the sandbox serves: the built-in ones, plus those that
// CustomResourceDefinitions register while the server runs.
import type {ScalePaths} from './scale.js';

export type ResourceInfo = {
	group: string;
	/** Served versions, the first one preferred (and the one stored). */
	versions: string[];
	plural: string;
	singular: string;
	kind: string;
	listKind: string;
	namespaced: boolean;
	shortNames: string[];
	categories: string[];
	/** Whether writes to the main resource ignore .status, which only /status changes. */
	statusSubresource: boolean;
	/** Whether objects carry metadata.generation (every custom kind does; many built-ins, like ConfigMaps, do not). */
	generation: boolean;
	/** Whether a delete that removes the object answers with the object (Pods, Services…) rather than a success Status. */
	deleteReturnsObject: boolean;
	/** By version: where the scale subresource finds the replica counts, for the versions that have one. */
	scale?: Record<string, ScalePaths> | undefined;
	/** The verbs it serves when not all object verbs (a review is only created; namespaces have no deletecollection). */
	verbs?: string[];
	/** Stored objects (not a review answered on the spot): discovery gives them a storageVersionHash. */
	stored?: boolean;
	/** Subresources beyond status and scale, as discovery lists them (a namespace's finalize). */
	extraSubresources?: Array<{name: string; verbs: string[]}>;
	/** The version objects are stored at, when not the served one (its storageVersionHash names it). */
	storageVersion?: string;
	/** The warning a real server adds to every request for a deprecated kind. */
	deprecation?: string;
	/** Set for kinds a CustomResourceDefinition registered (its metadata.name). */
	crdName?: string;
};

type BuiltIn = {
	group: string;
	version: string;
	kind: string;
	plural: string;
	namespaced: boolean;
	status: boolean;
	shortNames?: string[];
	categories?: string[];
	/** Has metadata.generation (as on a real v1.35 server). */
	generation?: true;
	/** A real server's delete answers with the object, not a Status. */
	returnsObject?: true;
	/** Has the scale subresource. */
	scale?: true;
	verbs?: string[];
	/** Answered, never stored (a review). */
	virtual?: true;
	extraSubresources?: Array<{name: string; verbs: string[]}>;
	storageVersion?: string;
	deprecation?: string;
};

const all = ['all'];
const apiExtensions = ['api-extensions'];
/** Deployments, ReplicaSets, StatefulSets and ReplicationControllers keep their replica counts here. */
const builtInScale: ScalePaths = {specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas'};

const builtIns: BuiltIn[] = [
	{
		group: '',
		version: 'v1',
		kind: 'Namespace',
		plural: 'namespaces',
		namespaced: false,
		status: true,
		shortNames: ['ns'],
		returnsObject: true,
		verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
		extraSubresources: [{name: 'finalize', verbs: ['update']}],
	},
	{
		group: '',
		version: 'v1',
		kind: 'Pod',
		plural: 'pods',
		namespaced: true,
		status: true,
		shortNames: ['po'],
		categories: all,
		generation: true,
		returnsObject: true,
	},
	{
		group: '',
		version: 'v1',
		kind: 'Service',
		plural: 'services',
		namespaced: true,
		status: true,
		shortNames: ['svc'],
		categories: all,
		returnsObject: true,
	},
	{group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, status: false, shortNames: ['cm']},
	{group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, status: false},
	{
		group: '',
		version: 'v1',
		kind: 'ServiceAccount',
		plural: 'serviceaccounts',
		namespaced: true,
		status: false,
		shortNames: ['sa'],
		returnsObject: true,
	},
	{group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, status: false, shortNames: ['ev']},
	// The same stored Events, served converted (event-views.ts); kubectl's `ev` finds core/v1's first.
	{group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, status: false, shortNames: ['ev']},
	{
		group: '',
		version: 'v1',
		kind: 'PersistentVolumeClaim',
		plural: 'persistentvolumeclaims',
		namespaced: true,
		status: true,
		shortNames: ['pvc'],
	},
	{
		group: 'apps',
		version: 'v1',
		kind: 'Deployment',
		plural: 'deployments',
		namespaced: true,
		status: true,
		shortNames: ['deploy'],
		categories: all,
		generation: true,
		scale: true,
	},
	{
		group: 'apps',
		version: 'v1',
		kind: 'StatefulSet',
		plural: 'statefulsets',
		namespaced: true,
		status: true,
		shortNames: ['sts'],
		categories: all,
		generation: true,
		scale: true,
	},
	{
		group: 'apps',
		version: 'v1',
		kind: 'DaemonSet',
		plural: 'daemonsets',
		namespaced: true,
		status: true,
		shortNames: ['ds'],
		categories: all,
		generation: true,
	},
	{group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true, status: false},
	{
		group: 'apps',
		version: 'v1',
		kind: 'ReplicaSet',
		plural: 'replicasets',
		namespaced: true,
		status: true,
		shortNames: ['rs'],
		categories: all,
		generation: true,
		scale: true,
	},
	{group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, status: true, categories: all, generation: true},
	{
		group: 'batch',
		version: 'v1',
		kind: 'CronJob',
		plural: 'cronjobs',
		namespaced: true,
		status: true,
		shortNames: ['cj'],
		categories: all,
		generation: true,
	},
	{
		group: 'networking.k8s.io',
		version: 'v1',
		kind: 'Ingress',
		plural: 'ingresses',
		namespaced: true,
		status: true,
		shortNames: ['ing'],
		generation: true,
	},
	{
		group: 'autoscaling',
		version: 'v2',
		kind: 'HorizontalPodAutoscaler',
		plural: 'horizontalpodautoscalers',
		namespaced: true,
		status: true,
		shortNames: ['hpa'],
		categories: all,
	},
	{
		group: 'apiregistration.k8s.io',
		version: 'v1',
		kind: 'APIService',
		plural: 'apiservices',
		namespaced: false,
		status: true,
		categories: apiExtensions,
	},
	{
		group: '',
		version: 'v1',
		kind: 'Endpoints',
		plural: 'endpoints',
		namespaced: true,
		status: false,
		shortNames: ['ep'],
		deprecation: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
	},
	{group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, status: false, shortNames: ['limits']},
	{group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, status: true, shortNames: ['no']},
	{
		group: '',
		version: 'v1',
		kind: 'PersistentVolume',
		plural: 'persistentvolumes',
		namespaced: false,
		status: true,
		shortNames: ['pv'],
		returnsObject: true,
	},
	{
		group: '',
		version: 'v1',
		kind: 'PodTemplate',
		plural: 'podtemplates',
		namespaced: true,
		status: false,
		generation: true,
		returnsObject: true,
	},
	{
		group: '',
		version: 'v1',
		kind: 'ReplicationController',
		plural: 'replicationcontrollers',
		namespaced: true,
		status: true,
		shortNames: ['rc'],
		categories: all,
		generation: true,
		scale: true,
	},
	{
		group: '',
		version: 'v1',
		kind: 'ResourceQuota',
		plural: 'resourcequotas',
		namespaced: true,
		status: true,
		shortNames: ['quota'],
		returnsObject: true,
	},
	{
		group: 'networking.k8s.io',
		version: 'v1',
		kind: 'NetworkPolicy',
		plural: 'networkpolicies',
		namespaced: true,
		status: false,
		shortNames: ['netpol'],
		generation: true,
	},
	{
		group: 'networking.k8s.io',
		version: 'v1',
		kind: 'IngressClass',
		plural: 'ingressclasses',
		namespaced: false,
		status: false,
		generation: true,
	},
	{
		group: 'policy',
		version: 'v1',
		kind: 'PodDisruptionBudget',
		plural: 'poddisruptionbudgets',
		namespaced: true,
		status: true,
		shortNames: ['pdb'],
		generation: true,
	},
	{group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true, status: false},
	{group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, status: false},
	{group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, status: false},
	{
		group: 'rbac.authorization.k8s.io',
		version: 'v1',
		kind: 'ClusterRoleBinding',
		plural: 'clusterrolebindings',
		namespaced: false,
		status: false,
	},
	{
		group: 'storage.k8s.io',
		version: 'v1',
		kind: 'StorageClass',
		plural: 'storageclasses',
		namespaced: false,
		status: false,
		shortNames: ['sc'],
		returnsObject: true,
	},
	{
		group: 'scheduling.k8s.io',
		version: 'v1',
		kind: 'PriorityClass',
		plural: 'priorityclasses',
		namespaced: false,
		status: false,
		shortNames: ['pc'],
		generation: true,
	},
	{group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, status: false},
	{
		group: 'discovery.k8s.io',
		version: 'v1',
		kind: 'EndpointSlice',
		plural: 'endpointslices',
		namespaced: true,
		status: false,
		generation: true,
	},
	{
		group: 'admissionregistration.k8s.io',
		version: 'v1',
		kind: 'ValidatingWebhookConfiguration',
		plural: 'validatingwebhookconfigurations',
		namespaced: false,
		status: false,
		categories: apiExtensions,
		generation: true,
	},
	{
		group: 'admissionregistration.k8s.io',
		version: 'v1',
		kind: 'MutatingWebhookConfiguration',
		plural: 'mutatingwebhookconfigurations',
		namespaced: false,
		status: false,
		categories: apiExtensions,
		generation: true,
	},
	{
		group: 'authorization.k8s.io',
		version: 'v1',
		kind: 'SelfSubjectAccessReview',
		plural: 'selfsubjectaccessreviews',
		namespaced: false,
		status: false,
		verbs: ['create'],
		virtual: true,
	},
	{
		group: 'apiextensions.k8s.io',
		version: 'v1',
		kind: 'CustomResourceDefinition',
		plural: 'customresourcedefinitions',
		namespaced: false,
		status: true,
		shortNames: ['crd', 'crds'],
		categories: apiExtensions,
		generation: true,
		returnsObject: true,
		storageVersion: 'v1beta1',
	},
];

/** The order a real server lists its built-in groups in (/apis). */
const builtInGroupOrder = [
	'',
	'apiregistration.k8s.io',
	'apps',
	'events.k8s.io',
	'authentication.k8s.io',
	'authorization.k8s.io',
	'autoscaling',
	'batch',
	'certificates.k8s.io',
	'networking.k8s.io',
	'policy',
	'rbac.authorization.k8s.io',
	'storage.k8s.io',
	'admissionregistration.k8s.io',
	'apiextensions.k8s.io',
	'scheduling.k8s.io',
	'coordination.k8s.io',
	'node.k8s.io',
	'discovery.k8s.io',
	'resource.k8s.io',
	'flowcontrol.apiserver.k8s.io',
];

export const namespaceResourceKey = '/namespaces';
export const crdResourceKey = 'apiextensions.k8s.io/customresourcedefinitions';

/** Storage key of a kind: `group/plural` (every version of a kind shares one store). */
export function resourceKey(resource: Pick<ResourceInfo, 'group' | 'plural'>): string {
	return `${resource.group}/${resource.plural}`;
}

export function apiVersionOf(group: string, version: string): string {
	return group ? `${group}/${version}` : version;
}

export class ResourceRegistry {
	readonly #byKey = new Map<string, ResourceInfo>();

	constructor() {
		for (const builtIn of builtIns) {
			this.add({
				group: builtIn.group,
				versions: [builtIn.version],
				plural: builtIn.plural,
				singular: builtIn.kind.toLowerCase(),
				kind: builtIn.kind,
				listKind: `${builtIn.kind}List`,
				namespaced: builtIn.namespaced,
				shortNames: builtIn.shortNames ?? [],
				categories: builtIn.categories ?? [],
				statusSubresource: builtIn.status,
				generation: builtIn.generation ?? false,
				deleteReturnsObject: builtIn.returnsObject ?? false,
				...(builtIn.scale ? {scale: {[builtIn.version]: builtInScale}} : {}),
				...(builtIn.verbs ? {verbs: builtIn.verbs} : {}),
				stored: !builtIn.virtual,
				...(builtIn.extraSubresources ? {extraSubresources: builtIn.extraSubresources} : {}),
				...(builtIn.storageVersion ? {storageVersion: builtIn.storageVersion} : {}),
				...(builtIn.deprecation ? {deprecation: builtIn.deprecation} : {}),
			});
		}
	}

	add(resource: ResourceInfo): void {
		this.#byKey.set(resourceKey(resource), resource);
	}

	remove(key: string): void {
		this.#byKey.delete(key);
	}

	all(): ResourceInfo[] {
		return [...this.#byKey.values()];
	}

	byKey(key: string): ResourceInfo | undefined {
		return this.#byKey.get(key);
	}

	/** The kind served at group/version/plural, if any. */
	find(group: string, version: string, plural: string): ResourceInfo | undefined {
		const resource = this.#byKey.get(`${group}/${plural}`);
		return resource?.versions.includes(version) ? resource : undefined;
	}

	/** Served groups in discovery order: core first, built-in groups, then custom groups by name. */
	groups(): Array<{name: string; versions: string[]}> {
		const groups = new Map<string, Set<string>>();
		const builtInOrder: string[] = [];
		const custom: string[] = [];
		for (const resource of this.#byKey.values()) {
			let versions = groups.get(resource.group);
			if (!versions) {
				versions = new Set();
				groups.set(resource.group, versions);
				(resource.crdName ? custom : builtInOrder).push(resource.group);
			}
			for (const version of resource.versions) versions.add(version);
		}
		const rank = (group: string) => (builtInGroupOrder.includes(group) ? builtInGroupOrder.indexOf(group) : builtInGroupOrder.length);
		const order = [...new Set([...builtInOrder.sort((a, b) => rank(a) - rank(b)), ...custom.sort()])];
		return order.map(name => ({name, versions: [...(groups.get(name) ?? [])].sort(compareVersions)}));
	}

	/**
	 * Who serves a group: built-in groups answer unknown paths with a
	 * NotFound Status; groups only CustomResourceDefinitions serve (and
	 * unknown groups) reach the plain-text catch-all of a real server.
	 */
	groupOrigin(group: string): 'built-in' | 'custom' | undefined {
		let origin: 'built-in' | 'custom' | undefined;
		for (const resource of this.#byKey.values()) {
			if (resource.group !== group) continue;
			if (!resource.crdName) return 'built-in';
			origin = 'custom';
		}
		return group === '' ? 'built-in' : origin;
	}

	/** Kinds served at one group/version. */
	inGroupVersion(group: string, version: string): ResourceInfo[] {
		return [...this.#byKey.values()].filter(resource => resource.group === group && resource.versions.includes(version));
	}
}

/** Kubernetes version priority: GA over beta over alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
	return versionRank(b) - versionRank(a);
}

function versionRank(version: string): number {
	const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
	if (!match) return -1;
	const major = Number(match[1]);
	const stage = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
	const minor = match[3] === undefined ? 0 : Number(match[3]);
	return stage * 1_000_000 + major * 1000 + minor;
}
