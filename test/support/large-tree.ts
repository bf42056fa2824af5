// A synthetic large app for the tree's scale test and bench: N Deployments, each with its current ReplicaSet,
// an old one scaled to zero and two Pods (one in N/50 crash-looping) — N managed resources, 4N owned objects.
import type {ManagedResource} from '../../source/core/apps/detail.js';
import type {OwnedObject, TreeInput} from '../../source/core/tree/resource-tree.js';

export function largeTreeInput(deployments: number): TreeInput & {owned: OwnedObject[]} {
	const namespace = 'big';
	const managed: ManagedResource[] = [];
	const owned: OwnedObject[] = [];
	const healthy = {status: 'Healthy' as const, message: ''};
	for (let index = 0; index < deployments; index++) {
		const name = `svc-${String(index).padStart(4, '0')}`;
		managed.push({group: 'apps', version: 'v1', kind: 'Deployment', namespace, name, sync: 'Synced', health: healthy});
		const owner = (kind: string, of: string) => [
			{group: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '', kind, name: of, uid: ''},
		];
		const current = `${name}-7d9f`;
		owned.push({
			ref: {group: 'apps', version: 'v1', kind: 'ReplicaSet', namespace, name: current},
			uid: `uid-${current}`,
			owners: owner('Deployment', name),
			health: healthy,
			scaledToZero: false,
		});
		owned.push({
			ref: {group: 'apps', version: 'v1', kind: 'ReplicaSet', namespace, name: `${name}-5c8f`},
			uid: `uid-${name}-5c8f`,
			owners: owner('Deployment', name),
			health: healthy,
			scaledToZero: true,
		});
		for (const suffix of ['a', 'b']) {
			const crashing = suffix === 'b' && index % 50 === 17;
			owned.push({
				ref: {group: '', version: 'v1', kind: 'Pod', namespace, name: `${current}-${suffix}`},
				uid: `uid-${current}-${suffix}`,
				owners: owner('ReplicaSet', current),
				health: crashing ? {status: 'Degraded', message: 'back-off restarting failed container'} : healthy,
				scaledToZero: false,
			});
		}
	}
	return {
		app: {
			ref: {group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', namespace: 'argocd', name: 'big'},
			health: healthy,
			sync: 'Synced',
		},
		managed,
		owned,
		unreadable: () => null,
	};
}
