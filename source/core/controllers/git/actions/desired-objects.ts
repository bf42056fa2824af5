// The rendered objects of a native app as apply configurations: scoped by discovery, labelled as the app's,
// in the order a sync applies them (namespaces and CRDs before what lives in them).
import {refKey, refOf} from '../../../diff/drift-compare.js';
import {NATIVE_TRACKING_LABEL} from '../../../diff/normalize.js';
import type {ObjectRef} from '../../../diff/types.js';
import {applyConfiguration} from '../../../drift/live-api.js';
import {objectPathOf} from '../../../drift/status.js';
import type {Discovery, DiscoveredResource} from '../../../kube/discovery.js';
import {parseApiVersion, type KubeObject} from '../../../kube/resource-type.js';

/** One object to apply. `resource` is null when its kind is defined by a CRD applied in the same sync. */
export type ApplyItem = {
	ref: ObjectRef;
	/** The apply configuration: namespace as the cluster scopes it, server fields dropped, tracking label set. */
	body: KubeObject;
	resource: DiscoveredResource | null;
	/** For a kind served only once its CRD is applied. */
	group: string;
	version: string;
};

type DesiredObjects = {ok: true; items: ApplyItem[]} | {ok: false; message: string};

type CrdKind = {group: string; kind: string; namespaced: boolean};

/** Kinds the CustomResourceDefinitions among `objects` define. */
function crdKinds(objects: readonly KubeObject[]): CrdKind[] {
	return objects
		.filter(
			object => object.kind === 'CustomResourceDefinition' && parseApiVersion(object.apiVersion ?? '').group === 'apiextensions.k8s.io',
		)
		.map(object => ({
			group: String(object.spec?.group ?? ''),
			kind: String(object.spec?.names?.kind ?? ''),
			namespaced: object.spec?.scope !== 'Cluster',
		}));
}

function rank(item: ApplyItem): number {
	if (item.ref.group === '' && item.ref.kind === 'Namespace') return 0;
	if (item.ref.group === 'apiextensions.k8s.io' && item.ref.kind === 'CustomResourceDefinition') return 1;
	return 2;
}

/**
 * Resolves each rendered object's kind; a kind the cluster does not serve (and no CRD here defines) or a
 * duplicate makes the whole set unusable: better to refuse before sending anything than to apply half an app.
 */
export async function desiredObjects(discovery: Discovery, rendered: readonly KubeObject[], app: string): Promise<DesiredObjects> {
	const defined = crdKinds(rendered);
	const items: ApplyItem[] = [];
	const seen = new Set<string>();
	for (const object of rendered) {
		const declared = refOf(object);
		if (!object.apiVersion || !object.kind || !declared.name)
			return {ok: false, message: `an object in Git lacks apiVersion, kind or metadata.name (${objectPathOf(declared)})`};
		const {group, version} = parseApiVersion(object.apiVersion);
		const resource = (await discovery.find(group, version, object.kind)) ?? null;
		const crd = defined.find(candidate => candidate.group === group && candidate.kind === object.kind);
		if (!resource && !crd)
			return {ok: false, message: `${objectPathOf(declared)}: ${object.apiVersion} ${object.kind} is not served by this cluster`};
		const namespaced = resource ? resource.namespaced : crd!.namespaced;
		const namespace = namespaced ? declared.namespace : null;
		if (namespace === '') return {ok: false, message: `${objectPathOf(declared)}: ${object.kind} is namespaced but has no namespace`};
		const ref: ObjectRef = {...declared, namespace: namespace ?? ''};
		if (seen.has(refKey(ref))) return {ok: false, message: `${objectPathOf(ref)} is defined twice in Git`};
		seen.add(refKey(ref));
		const configuration = applyConfiguration(object, namespace);
		const body: KubeObject = {
			...configuration,
			metadata: {...configuration.metadata, labels: {...configuration.metadata?.labels, [NATIVE_TRACKING_LABEL]: app}},
		};
		items.push({ref, body, resource, group, version});
	}
	// Stable: Git order within each rank.
	return {
		ok: true,
		items: items
			.map((item, index) => ({item, index}))
			.sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
			.map(({item}) => item),
	};
}
