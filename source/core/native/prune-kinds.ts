/**
 * Kinds searched in a native app's namespace for objects carrying its tracking label that Git no longer holds
 * (besides the kinds Git does hold): the monitor lists them as "would be pruned", a sync with prune deletes them.
 */
export const nativePruneKinds: ReadonlyArray<{group: string; kind: string}> = [
	{group: '', kind: 'ConfigMap'},
	{group: '', kind: 'Secret'},
	{group: '', kind: 'Service'},
	{group: '', kind: 'ServiceAccount'},
	{group: '', kind: 'PersistentVolumeClaim'},
	{group: 'apps', kind: 'Deployment'},
	{group: 'apps', kind: 'StatefulSet'},
	{group: 'apps', kind: 'DaemonSet'},
	{group: 'batch', kind: 'CronJob'},
	{group: 'networking.k8s.io', kind: 'Ingress'},
];
