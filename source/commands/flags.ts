// The command line's flags: what meow parses (main.ts) and what the shell completion offers, from one list.

export const flags = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	allContexts: {type: 'boolean', default: false},
	namespace: {type: 'string', shortFlag: 'n'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	json: {type: 'boolean', default: false},
	names: {type: 'boolean', default: false},
	color: {type: 'boolean', default: true},
	ascii: {type: 'boolean', default: false},
	port: {type: 'number'},
	empty: {type: 'boolean', default: false},
	writeKubeconfig: {type: 'string'},
	// A string, checked by clustersFlag: meow would turn "two" into NaN.
	clusters: {type: 'string'},
	config: {type: 'string'},
	yes: {type: 'boolean', default: false},
	readonly: {type: 'boolean', default: false},
	// No default: absent means the app's own setting.
	prune: {type: 'boolean'},
	hard: {type: 'boolean', default: false},
	to: {type: 'string'},
	timeout: {type: 'string'},
	wait: {type: 'boolean', default: false},
	file: {type: 'string'},
	resource: {type: 'string'},
	container: {type: 'string', shortFlag: 'c'},
	previous: {type: 'boolean', shortFlag: 'p', default: false},
	tail: {type: 'number'},
	follow: {type: 'boolean', shortFlag: 'f', default: false},
	controller: {type: 'boolean', default: false},
	since: {type: 'string'},
	version: {type: 'boolean', default: false},
} as const;

export type FlagName = keyof typeof flags;

/** The spelling users type: allNamespaces → all-namespaces. */
export function dashed(name: string): string {
	return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

/** One line per flag for shell completion; `value` says what follows the flag (a file, or a word nothing can guess). */
export const flagHelp: Record<FlagName, {description: string; value?: 'file' | 'word'; negatable?: boolean}> = {
	kubeconfig: {description: 'kubeconfig file', value: 'file'},
	context: {description: 'kube context (several: a,b,c)', value: 'word'},
	allContexts: {description: 'every context in the kubeconfig at once'},
	namespace: {description: 'apps whose object is in this namespace', value: 'word'},
	allNamespaces: {description: 'all namespaces you may list'},
	json: {description: 'status, tree, log, events, timeline: print JSON'},
	names: {description: 'status: print only app names, one a line'},
	color: {description: 'colour', negatable: true},
	ascii: {description: 'ASCII glyphs and borders only'},
	port: {description: 'sandbox: listen on this port', value: 'word'},
	empty: {description: 'sandbox: no CRDs, no objects'},
	writeKubeconfig: {description: 'sandbox: write the kubeconfig here', value: 'file'},
	clusters: {description: 'demo, sandbox: this many clusters, one context each', value: 'word'},
	config: {description: 'driftwatch.yaml with Git apps', value: 'file'},
	yes: {description: 'actions: confirm without asking'},
	readonly: {description: 'no actions'},
	prune: {description: 'sync/rollback: delete objects no longer in Git', negatable: true},
	hard: {description: 'refresh: hard refresh'},
	to: {description: 'rollback: history id or commit SHA', value: 'word'},
	timeout: {description: 'give up after this long without progress (with --wait: the longest wait)', value: 'word'},
	wait: {description: "actions: wait for the controller's answer (exit 0 done, 1 failed, 2 timeout)"},
	file: {description: 'log: read this audit log', value: 'file'},
	resource: {description: 'logs: the Pod or workload, KIND/NAME or KIND/NAMESPACE/NAME', value: 'word'},
	container: {description: 'logs: the container', value: 'word'},
	previous: {description: "logs: the previous (crashed) container's log"},
	tail: {description: 'logs: lines from the end (default 200, -1 all)', value: 'word'},
	follow: {description: 'logs: keep printing new lines'},
	controller: {description: "logs: the controller's own lines about the app"},
	since: {description: 'timeline: only what changed in this last while, e.g. 1h', value: 'word'},
	version: {description: "driftwatch's and Node.js's version"},
};
