// Workloads for the controller tier's repositories.

/**
 * Deployment `name` (one replica, its container `container` from registry.invalid/NAME:1): the tier runs no kubelet,
 * so it never becomes available and its controllers call it Progressing (or Degraded after its deadline).
 */
export function unavailableDeployment(name: string, options: {container?: string; namespace?: string} = {}) {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: options.namespace === undefined ? {name} : {name, namespace: options.namespace},
		spec: {
			replicas: 1,
			selector: {matchLabels: {app: name}},
			template: {
				metadata: {labels: {app: name}},
				spec: {containers: [{name: options.container ?? 'web', image: `registry.invalid/${name}:1`}]},
			},
		},
	};
}
