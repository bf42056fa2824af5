// The pods a log view offers, live: read from the owned-children watches the resource trees share (Pods,
// ReplicaSets, Jobs per namespace), so a crash-looping pod replaced by a rollout, or deleted, leaves the list as
// the cluster says so — no request per pod, no polling. A workload's pods are those whose owner chain reaches it
// (Deployment → ReplicaSet → Pod, StatefulSet/DaemonSet/Job → Pod), which is what its selector finds.
import type {ManagedResource} from '../apps/detail.js';
import type {OwnedWatches} from '../tree/owned-watches.js';
import type {OwnedObject} from '../tree/resource-tree.js';
import {logResourcesOf} from './app-logs.js';
import type {LogPod} from '../kube/pod-containers.js';
import {type LogResourceRef, rankPods} from './log-pods.js';
import {coalesced} from '../util/coalesced.js';

export type LogPodsState = {
	/** Failing first; null until the watches answered. */
	pods: LogPod[] | null;
	/** Why the pods cannot be read (pods forbidden in a namespace), or null. */
	error: string | null;
};

/** An owner chain longer than this is a loop in broken metadata, not a real chain (CronJob → Job → Pod is 2). */
const maxOwnerDepth = 8;

const refKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** The pods among `owned` that are `targets` or are owned, at any depth, by one of them; failing first. */
export function podsOwnedBy(owned: Iterable<OwnedObject>, targets: readonly LogResourceRef[]): LogPod[] {
	const wanted = new Set(targets.map(target => refKey(target.kind, target.namespace, target.name)));
	const byUid = new Map<string, OwnedObject>();
	const pods: OwnedObject[] = [];
	for (const object of owned) {
		if (object.uid) byUid.set(object.uid, object);
		if (object.pod) pods.push(object);
	}
	const reaches = (object: OwnedObject, depth: number): boolean => {
		if (wanted.has(refKey(object.ref.kind, object.ref.namespace, object.ref.name))) return true;
		if (depth >= maxOwnerDepth) return false;
		return object.owners.some(owner => {
			if (wanted.has(refKey(owner.kind, object.ref.namespace, owner.name))) return true;
			const parent = byUid.get(owner.uid);
			return parent !== undefined && reaches(parent, depth + 1);
		});
	};
	return rankPods(pods.filter(pod => reaches(pod, 0)).map(pod => pod.pod!));
}

type FollowLogPodsOptions = {
	watches: OwnedWatches;
	/** The app's managed resources: every Pod and workload among them, when `resource` is null. */
	resources: readonly ManagedResource[];
	resource: LogResourceRef | null;
	onChange: (state: LogPodsState) => void;
	/** Coalesce changes this long (a rollout changes many pods at once). Default 50 ms. */
	batchMs?: number;
};

/** Follows the pods of a resource (or of the app's resources) until the returned function is called. */
export function followLogPods(options: FollowLogPodsOptions): () => void {
	const targets = options.resource ? [options.resource] : logResourcesOf(options.resources);
	const namespaces = [...new Set(targets.map(target => target.namespace))];
	const rebuild = coalesced(
		(): LogPodsState => {
			const settled = lease.settled();
			const pods = settled ? podsOwnedBy(lease.objects(), targets) : null;
			const problems = settled ? namespaces.map(namespace => lease.unreadable('', 'Pod', namespace)).filter(text => text !== null) : [];
			// A forbidden namespace matters only when no pod could be found at all.
			return {pods, error: pods?.length ? null : (problems[0] ?? null)};
		},
		options.onChange,
		options.batchMs ?? 50,
	);
	const lease = options.watches.lease(rebuild.schedule);
	lease.cover(namespaces);
	// Watches another view holds already answered (or there is nothing to watch): say what they hold now.
	rebuild.schedule();
	return () => {
		rebuild.stop();
		lease.release();
	};
}
