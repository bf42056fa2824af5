// What a real API server prints for each built-in kind: the column
// definitions (the -o wide ones at priority 1; the server always fills them,
// kubectl hides them unless asked) and a row of cells per object, computed
// from the stored object as the server's printers do.
import {isObject, type JsonObject} from './json-values.js';
import {crdResourceKey} from './resources.js';

export type Column = {name: string; type: string; format?: string; description: string; priority?: number};
export type Printer = {columns: Column[]; row: (object: JsonObject, now: number) => {cells: unknown[]; conditions?: unknown[]}};

export const nameColumn: Column = {
	name: 'Name',
	type: 'string',
	format: 'name',
	description: 'Name of the object, unique within its namespace.',
};
const ageColumn: Column = {name: 'Age', type: 'string', description: 'Time since the object was created.'};
const text = (name: string, description: string, priority = 0): Column => ({
	name,
	type: 'string',
	description,
	...(priority ? {priority} : {}),
});
const integer = (name: string, description: string): Column => ({name, type: 'integer', description});
const wideContainers = [
	text('Containers', 'Names of the containers in the pod template.', 1),
	text('Images', 'Images of the containers in the pod template.', 1),
];

/** Kinds without a printer of their own. */
export const defaultPrinter: Printer = {
	columns: [nameColumn, {name: 'Created At', type: 'date', description: 'When the object was created.'}],
	row: object => ({cells: [nameOf(object), meta(object).creationTimestamp ?? '0001-01-01T00:00:00Z']}),
};

/** By resource key (`group/plural`). */
export const builtInPrinters: Record<string, Printer> = {
	'/namespaces': {
		columns: [nameColumn, text('Status', 'Phase of the namespace.'), ageColumn],
		row: (object, now) => ({cells: [nameOf(object), str(section(object, 'status').phase), age(object, now)]}),
	},
	'/configmaps': {
		columns: [nameColumn, text('Data', 'Number of entries in data and binaryData.'), ageColumn],
		row: (object, now) => ({cells: [nameOf(object), count(object.data) + count(object.binaryData), age(object, now)]}),
	},
	'/secrets': {
		columns: [nameColumn, text('Type', 'Type of the secret.'), text('Data', 'Number of entries in data.'), ageColumn],
		row: (object, now) => ({cells: [nameOf(object), str(object.type), count(object.data), age(object, now)]}),
	},
	'/serviceaccounts': {
		columns: [nameColumn, ageColumn],
		row: (object, now) => ({cells: [nameOf(object), age(object, now)]}),
	},
	'/pods': {
		columns: [
			nameColumn,
			text('Ready', 'Ready containers of all containers.'),
			text('Status', 'Aggregate status of the containers.'),
			text('Restarts', 'Container restarts, with the time of the last one.'),
			ageColumn,
			text('IP', 'IP address of the pod.', 1),
			text('Node', 'Node the pod is bound to.', 1),
			text('Nominated Node', 'Node the scheduler nominated for preemption.', 1),
			text('Readiness Gates', 'Readiness gates met of all.', 1),
		],
		row: podRow,
	},
	'/services': {
		columns: [
			nameColumn,
			text('Type', 'Type of the service.'),
			text('Cluster-IP', 'Cluster IP of the service.'),
			text('External-IP', 'External addresses of the service.'),
			text('Port(s)', 'Ports of the service.'),
			ageColumn,
			text('Selector', 'Pod selector of the service.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const clusterIps = strings(spec.clusterIPs);
			const ports = records(spec.ports)
				.map(port =>
					num(port.nodePort) > 0
						? `${num(port.port)}:${num(port.nodePort)}/${str(port.protocol)}`
						: `${num(port.port)}/${str(port.protocol)}`,
				)
				.join(',');
			return {
				cells: [
					nameOf(object),
					str(spec.type),
					clusterIps[0] ?? '<none>',
					serviceExternalIp(object),
					ports || '<none>',
					age(object, now),
					formatLabels(spec.selector),
				],
			};
		},
	},
	'/events': {
		columns: [
			text('Last Seen', 'Time since the event was last seen.'),
			text('Type', 'Type of the event.'),
			text('Reason', 'Why the event happened.'),
			text('Object', 'Object the event is about.'),
			text('Subobject', 'Part of the object the event is about.', 1),
			text('Source', 'Component that reported the event.', 1),
			text('Message', 'What happened.'),
			text('First Seen', 'Time since the event was first seen.', 1),
			text('Count', 'How often the event happened.', 1),
			{...nameColumn, priority: 1},
		],
		row: eventRow,
	},
	'/persistentvolumeclaims': {
		columns: [
			nameColumn,
			text('Status', 'Phase of the claim.'),
			text('Volume', 'Volume bound to the claim.'),
			text('Capacity', 'Capacity of the bound volume.'),
			text('Access Modes', 'Access modes of the bound volume.'),
			text('StorageClass', 'Storage class of the claim.'),
			text('VolumeAttributesClass', 'Volume attributes class of the claim.'),
			ageColumn,
			text('VolumeMode', 'Volume mode of the claim.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			const bound = str(spec.volumeName) !== '';
			const phase = meta(object).deletionTimestamp ? 'Terminating' : str(status.phase);
			const storageClass =
				typeof spec.storageClassName === 'string'
					? spec.storageClassName
					: str(meta(object).annotations?.['volume.beta.kubernetes.io/storage-class']);
			return {
				cells: [
					nameOf(object),
					phase,
					str(spec.volumeName),
					bound ? str(section(status, 'capacity').storage) : '',
					bound ? accessModes(status.accessModes) : '',
					storageClass,
					typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>',
					age(object, now),
					typeof spec.volumeMode === 'string' ? spec.volumeMode : '<unset>',
				],
			};
		},
	},
	'apps/deployments': {
		columns: [
			nameColumn,
			text('Ready', 'Ready replicas of desired replicas.'),
			text('Up-to-date', 'Replicas running the current template.'),
			text('Available', 'Replicas available to users.'),
			ageColumn,
			...wideContainers,
			text('Selector', 'Pod selector of the deployment.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			const cells = [
				nameOf(object),
				`${num(status.readyReplicas)}/${num(spec.replicas)}`,
				num(status.updatedReplicas),
				num(status.availableReplicas),
				age(object, now),
			];
			return {cells: [...cells, ...containerCells(spec.template), selectorText(spec.selector)]};
		},
	},
	'apps/replicasets': {
		columns: [
			nameColumn,
			integer('Desired', 'Desired replicas.'),
			integer('Current', 'Current replicas.'),
			integer('Ready', 'Ready replicas.'),
			ageColumn,
			...wideContainers,
			text('Selector', 'Pod selector of the replica set.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			const cells = [nameOf(object), num(spec.replicas), num(status.replicas), num(status.readyReplicas), age(object, now)];
			return {cells: [...cells, ...containerCells(spec.template), formatLabelSelector(spec.selector)]};
		},
	},
	'apps/statefulsets': {
		columns: [nameColumn, text('Ready', 'Ready replicas of desired replicas.'), ageColumn, ...wideContainers],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			return {
				cells: [nameOf(object), `${num(status.readyReplicas)}/${num(spec.replicas)}`, age(object, now), ...containerCells(spec.template)],
			};
		},
	},
	'apps/daemonsets': {
		columns: [
			nameColumn,
			integer('Desired', 'Nodes that should run the pod.'),
			integer('Current', 'Nodes running the pod.'),
			integer('Ready', 'Nodes with the pod ready.'),
			integer('Up-to-date', 'Nodes running the current template.'),
			integer('Available', 'Nodes with the pod available.'),
			text('Node Selector', 'Node selector of the pod template.'),
			ageColumn,
			...wideContainers,
			text('Selector', 'Pod selector of the daemon set.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			const template = section(spec, 'template');
			const cells = [
				nameOf(object),
				num(status.desiredNumberScheduled),
				num(status.currentNumberScheduled),
				num(status.numberReady),
				num(status.updatedNumberScheduled),
				num(status.numberAvailable),
				formatLabels(section(template, 'spec').nodeSelector),
				age(object, now),
			];
			return {cells: [...cells, ...containerCells(template), formatLabelSelector(spec.selector)]};
		},
	},
	'apps/controllerrevisions': {
		columns: [nameColumn, text('Controller', 'Controller of the revision.'), text('Revision', 'Revision number.'), ageColumn],
		row: (object, now) => {
			const owner = records(meta(object).ownerReferences).find(reference => reference.controller === true);
			let controller = '<none>';
			if (owner) {
				const group = str(owner.apiVersion).includes('/') ? str(owner.apiVersion).split('/')[0] : '';
				controller = `${(group ? `${str(owner.kind)}.${group}` : str(owner.kind)).toLowerCase()}/${str(owner.name)}`;
			}
			return {cells: [nameOf(object), controller, num(object.revision), age(object, now)]};
		},
	},
	'batch/jobs': {
		columns: [
			nameColumn,
			text('Status', 'Status of the job.'),
			text('Completions', 'Succeeded pods of completions wanted.'),
			text('Duration', 'How long the job ran.'),
			ageColumn,
			...wideContainers,
			text('Selector', 'Pod selector of the job.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const cells = [nameOf(object), jobStatus(object), jobCompletions(object), jobDuration(object, now), age(object, now)];
			return {cells: [...cells, ...containerCells(spec.template), formatLabelSelector(spec.selector)]};
		},
	},
	'batch/cronjobs': {
		columns: [
			nameColumn,
			text('Schedule', 'Cron schedule.'),
			text('Timezone', 'Time zone of the schedule.'),
			{name: 'Suspend', type: 'boolean', description: 'Whether new runs are suspended.'},
			integer('Active', 'Running jobs.'),
			text('Last Schedule', 'Time since the last run was scheduled.'),
			ageColumn,
			...wideContainers,
			text('Selector', 'Pod selector of the job template.', 1),
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const status = section(object, 'status');
			const jobSpec = section(section(spec, 'jobTemplate'), 'spec');
			const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
			const lastSchedule = typeof status.lastScheduleTime === 'string' ? since(status.lastScheduleTime, now) : '<none>';
			const cells = [
				nameOf(object),
				str(spec.schedule),
				typeof spec.timeZone === 'string' ? spec.timeZone : '<none>',
				suspend,
				records(status.active).length,
				lastSchedule,
				age(object, now),
			];
			return {cells: [...cells, ...containerCells(jobSpec.template), formatLabelSelector(jobSpec.selector)]};
		},
	},
	'networking.k8s.io/ingresses': {
		columns: [
			nameColumn,
			text('Class', 'Ingress class of the ingress.'),
			text('Hosts', 'Hosts the rules match.'),
			text('Address', 'Load balancer addresses.'),
			text('Ports', 'Ports the ingress serves.'),
			ageColumn,
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>';
			const ports = records(spec.tls).length > 0 ? '80, 443' : '80';
			return {
				cells: [
					nameOf(object),
					className,
					ingressHosts(spec.rules),
					loadBalancerAddresses(section(section(object, 'status'), 'loadBalancer')),
					ports,
					age(object, now),
				],
			};
		},
	},
	'autoscaling/horizontalpodautoscalers': {
		columns: [
			nameColumn,
			text('Reference', 'Scale target.'),
			text('Targets', 'Current and target metric values.'),
			text('MinPods', 'Lowest replica count.'),
			text('MaxPods', 'Highest replica count.'),
			text('Replicas', 'Current replica count.'),
			ageColumn,
		],
		row: (object, now) => {
			const spec = section(object, 'spec');
			const target = section(spec, 'scaleTargetRef');
			const minPods = typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>';
			const cells = [
				nameOf(object),
				`${str(target.kind)}/${str(target.name)}`,
				hpaTargets(object),
				minPods,
				num(spec.maxReplicas),
				num(section(object, 'status').currentReplicas),
				age(object, now),
			];
			return {cells};
		},
	},
	'apiregistration.k8s.io/apiservices': {
		columns: [nameColumn, text('Service', 'Service that serves this API.'), text('Available', 'Whether the API is available.'), ageColumn],
		row: (object, now) => {
			const service = isObject(section(object, 'spec').service) ? section(section(object, 'spec'), 'service') : undefined;
			const condition = records(section(object, 'status').conditions).find(entry => entry.type === 'Available');
			let available = 'Unknown';
			if (condition)
				available =
					condition.status !== 'True' && str(condition.reason)
						? `${str(condition.status)} (${str(condition.reason)})`
						: str(condition.status);
			return {cells: [nameOf(object), service ? `${str(service.namespace)}/${str(service.name)}` : 'Local', available, age(object, now)]};
		},
	},
	[crdResourceKey]: defaultPrinter,
};

// --- row helpers ---------------------------------------------------------------

function podRow(pod: JsonObject, now: number): {cells: unknown[]; conditions?: unknown[]} {
	const spec = section(pod, 'spec');
	const status = section(pod, 'status');
	const initContainers = records(spec.initContainers);
	const sidecars = new Set(initContainers.filter(container => container.restartPolicy === 'Always').map(container => str(container.name)));
	const total = records(spec.containers).length + sidecars.size;
	const phase = str(status.phase);
	let reason = str(status.reason) || phase;
	if (records(status.conditions).some(condition => condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated'))
		reason = 'SchedulingGated';

	let ready = 0;
	let restarts = 0;
	let lastRestart = '';
	let sidecarRestarts = 0;
	let lastSidecarRestart = '';
	const later = (current: string, candidate: unknown) => (typeof candidate === 'string' && candidate > current ? candidate : current);
	let initializing = false;
	const initStatuses = records(status.initContainerStatuses);
	for (const [index, container] of initStatuses.entries()) {
		const state = section(container, 'state');
		const terminated = isObject(state.terminated) ? state.terminated : undefined;
		const waiting = isObject(state.waiting) ? state.waiting : undefined;
		const finishedAt = section(section(container, 'lastState'), 'terminated').finishedAt;
		restarts += num(container.restartCount);
		lastRestart = later(lastRestart, finishedAt);
		const sidecar = sidecars.has(str(container.name));
		if (sidecar) {
			sidecarRestarts += num(container.restartCount);
			lastSidecarRestart = later(lastSidecarRestart, finishedAt);
		}
		if (terminated && num(terminated.exitCode) === 0) continue;
		if (sidecar && container.started === true) {
			if (container.ready === true) ready++;
			continue;
		}
		if (terminated) reason = `Init:${str(terminated.reason) || exitText(terminated)}`;
		else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') reason = `Init:${str(waiting.reason)}`;
		else reason = `Init:${index}/${initContainers.length}`;
		initializing = true;
		break;
	}
	const initialized = records(status.conditions).find(condition => condition.type === 'Initialized')?.status === 'True';
	if (!initializing || initialized) {
		restarts = sidecarRestarts;
		lastRestart = lastSidecarRestart;
		let hasRunning = false;
		let errorReason = '';
		for (const container of records(status.containerStatuses).reverse()) {
			const state = section(container, 'state');
			restarts += num(container.restartCount);
			lastRestart = later(lastRestart, section(section(container, 'lastState'), 'terminated').finishedAt);
			const waiting = isObject(state.waiting) ? state.waiting : undefined;
			const terminated = isObject(state.terminated) ? state.terminated : undefined;
			if (waiting && str(waiting.reason)) reason = str(waiting.reason);
			else if (terminated) {
				reason = str(terminated.reason) || exitText(terminated);
				if (num(terminated.exitCode) !== 0) errorReason = reason;
			} else if (container.ready === true && isObject(state.running)) {
				hasRunning = true;
				ready++;
			}
		}
		if (reason === 'Completed') {
			const podReady = records(status.conditions).some(condition => condition.type === 'Ready' && condition.status === 'True');
			if (hasRunning && podReady) reason = 'Running';
			else if (errorReason) reason = errorReason;
			else if (hasRunning) reason = 'NotReady';
		}
	}
	const deleting = Boolean(meta(pod).deletionTimestamp);
	if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
	else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

	const restartText = restarts !== 0 && lastRestart ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);
	const podIp = str(records(status.podIPs)[0]?.ip) || '<none>';
	const gates = records(spec.readinessGates);
	const readinessGates =
		gates.length === 0
			? '<none>'
			: `${gates.filter(gate => records(status.conditions).find(condition => condition.type === gate.conditionType)?.status === 'True').length}/${gates.length}`;
	const cells = [
		nameOf(pod),
		`${ready}/${total}`,
		reason,
		restartText,
		age(pod, now),
		podIp,
		str(spec.nodeName) || '<none>',
		str(status.nominatedNodeName) || '<none>',
		readinessGates,
	];
	const completed = phase === 'Succeeded' ? 'The pod has completed successfully.' : phase === 'Failed' ? 'The pod failed.' : undefined;
	return completed ? {cells, conditions: [{type: 'Completed', status: 'True', reason: phase, message: completed}]} : {cells};
}

function exitText(terminated: JsonObject): string {
	return num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
}

function eventRow(event: JsonObject, now: number): {cells: unknown[]} {
	const firstSeen =
		typeof event.firstTimestamp === 'string'
			? since(event.firstTimestamp, now)
			: typeof event.eventTime === 'string'
				? since(event.eventTime, now)
				: '<unknown>';
	let lastSeen = typeof event.lastTimestamp === 'string' ? since(event.lastTimestamp, now) : firstSeen;
	let eventCount = num(event.count);
	if (isObject(event.series)) {
		lastSeen = typeof event.series.lastObservedTime === 'string' ? since(event.series.lastObservedTime, now) : '<unknown>';
		eventCount = num(event.series.count);
	} else if (eventCount === 0) {
		eventCount = 1;
	}
	const involved = section(event, 'involvedObject');
	const kind = str(involved.kind).toLowerCase();
	const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
	const source = section(event, 'source');
	const component = str(source.component) || str(event.reportingController);
	const host = str(source.host) || str(event.reportingInstance);
	return {
		cells: [
			lastSeen,
			str(event.type),
			str(event.reason),
			target,
			str(involved.fieldPath),
			host ? `${component}, ${host}` : component,
			str(event.message).trim(),
			firstSeen,
			eventCount,
			nameOf(event),
		],
	};
}

function jobStatus(job: JsonObject): string {
	const conditions = records(section(job, 'status').conditions);
	const holds = (type: string) => conditions.find(condition => condition.type === type)?.status === 'True';
	if (holds('Complete')) return 'Complete';
	if (holds('Failed')) return 'Failed';
	if (meta(job).deletionTimestamp) return 'Terminating';
	if (holds('Suspended')) return 'Suspended';
	if (holds('FailureTarget')) return 'FailureTarget';
	if (holds('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
	return 'Running';
}

function jobCompletions(job: JsonObject): string {
	const spec = section(job, 'spec');
	const succeeded = num(section(job, 'status').succeeded);
	if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
	const parallelism = num(spec.parallelism);
	return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: JsonObject, now: number): string {
	const status = section(job, 'status');
	if (typeof status.startTime !== 'string') return '';
	const end = typeof status.completionTime === 'string' ? Date.parse(status.completionTime) : now;
	return humanDuration(end - Date.parse(status.startTime));
}

function serviceExternalIp(service: JsonObject): string {
	const spec = section(service, 'spec');
	const externalIps = strings(spec.externalIPs);
	switch (spec.type) {
		case 'ClusterIP':
		case 'NodePort':
			return externalIps.length > 0 ? externalIps.join(',') : '<none>';
		case 'LoadBalancer': {
			const balancer = loadBalancerAddresses(section(section(service, 'status'), 'loadBalancer'));
			const all = [...(balancer ? balancer.split(',') : []), ...externalIps];
			return all.length > 0 ? all.join(',') : '<pending>';
		}
		case 'ExternalName':
			return str(spec.externalName);
		default:
			return '<unknown>';
	}
}

/** Load balancer ingress points (IP, else hostname), sorted and unique; the server never shortens them. */
function loadBalancerAddresses(status: JsonObject): string {
	const addresses = new Set(
		records(status.ingress)
			.map(point => str(point.ip) || str(point.hostname))
			.filter(Boolean),
	);
	return [...addresses].sort().join(',');
}

function ingressHosts(rules: unknown): string {
	const all = records(rules);
	const hosts = all
		.slice(0, 3)
		.map(rule => str(rule.host))
		.filter(Boolean);
	if (hosts.length === 0) return '*';
	return all.length > 3 ? `${hosts.join(',')} + ${all.length - 3} more...` : hosts.join(',');
}

function accessModes(modes: unknown): string {
	const present = new Set(strings(modes));
	return (
		[
			['ReadWriteOnce', 'RWO'],
			['ReadOnlyMany', 'ROX'],
			['ReadWriteMany', 'RWX'],
			['ReadWriteOncePod', 'RWOP'],
		] as const
	)
		.filter(([mode]) => present.has(mode))
		.map(([, short]) => short)
		.join(',');
}

function hpaTargets(hpa: JsonObject): string {
	const specs = records(section(hpa, 'spec').metrics);
	if (specs.length === 0) return '<none>';
	const statuses = records(section(hpa, 'status').currentMetrics);
	const texts = specs.map((metric, index) => {
		const current = statuses[index];
		const source = (key: string) => section(metric, key);
		const currentOf = (key: string) => (current && isObject(current[key]) ? section(current[key] as JsonObject, 'current') : undefined);
		switch (metric.type) {
			case 'Resource':
			case 'ContainerResource': {
				const key = metric.type === 'Resource' ? 'resource' : 'containerResource';
				const target = section(source(key), 'target');
				const measured = currentOf(key);
				if (target.averageValue !== undefined)
					return `${str(source(key).name)}: ${measured?.averageValue !== undefined ? str(measured.averageValue) : '<unknown>'}/${str(target.averageValue)}`;
				const currentText = typeof measured?.averageUtilization === 'number' ? `${measured.averageUtilization}%` : '<unknown>';
				const targetText = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
				return `${str(source(key).name)}: ${currentText}/${targetText}`;
			}
			case 'Pods':
				return `${str(currentOf('pods')?.averageValue) || '<unknown>'}/${str(section(source('pods'), 'target').averageValue)}`;
			case 'Object':
			case 'External': {
				const key = metric.type === 'Object' ? 'object' : 'external';
				const target = section(source(key), 'target');
				const measured = currentOf(key);
				if (target.averageValue !== undefined)
					return `${measured?.averageValue !== undefined ? str(measured.averageValue) : '<unknown>'}/${str(target.averageValue)} (avg)`;
				return `${measured ? str(measured.value) : '<unknown>'}/${str(target.value)}`;
			}
			default:
				return '<unknown type>';
		}
	});
	return texts.length > 2 ? `${texts.slice(0, 2).join(', ')} + ${texts.length - 2} more...` : texts.join(', ');
}

function containerCells(template: unknown): [string, string] {
	const containers = records(section(isObject(template) ? template : {}, 'spec').containers);
	return [containers.map(container => str(container.name)).join(','), containers.map(container => str(container.image)).join(',')];
}

/** `k=v,k2=v2` by key, or <none>. */
function formatLabels(labels: unknown): string {
	if (!isObject(labels) || Object.keys(labels).length === 0) return '<none>';
	return Object.keys(labels)
		.sort()
		.map(key => `${key}=${str(labels[key])}`)
		.join(',');
}

function formatLabelSelector(selector: unknown): string {
	return selectorText(selector) || '<none>';
}

/** A label selector as its requirements, sorted by key: `app=x,tier in (a,b),!legacy`. */
export function selectorText(selector: unknown): string {
	if (!isObject(selector)) return '';
	const requirements: Array<[string, string]> = [];
	if (isObject(selector.matchLabels))
		for (const [key, value] of Object.entries(selector.matchLabels)) requirements.push([key, `${key}=${str(value)}`]);
	for (const expression of records(selector.matchExpressions)) {
		const key = str(expression.key);
		const values = [...strings(expression.values)].sort().join(',');
		switch (expression.operator) {
			case 'In':
				requirements.push([key, `${key} in (${values})`]);
				break;
			case 'NotIn':
				requirements.push([key, `${key} notin (${values})`]);
				break;
			case 'Exists':
				requirements.push([key, key]);
				break;
			case 'DoesNotExist':
				requirements.push([key, `!${key}`]);
				break;
		}
	}
	return requirements
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, requirement]) => requirement)
		.join(',');
}

function age(object: JsonObject, now: number): string {
	const created = meta(object).creationTimestamp;
	return typeof created === 'string' ? since(created, now) : '<unknown>';
}

export function since(timestamp: string, now: number): string {
	const time = Date.parse(timestamp);
	return Number.isNaN(time) ? '<unknown>' : humanDuration(now - time);
}

/** Elapsed time the way Kubernetes prints it: 45s, 3m20s, 15m, 4h10m, 2d5h, 40d, 1y20d. */
function humanDuration(milliseconds: number): string {
	const seconds = Math.trunc(milliseconds / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.trunc(seconds / 60);
	if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.trunc(minutes / 60);
	if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
	if (hours < 48) return `${hours}h`;
	const days = Math.trunc(hours / 24);
	if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
	if (hours < 24 * 365 * 2) return `${days}d`;
	const years = Math.trunc(days / 365);
	if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
	return `${years}y`;
}

function meta(object: JsonObject): {
	name?: string;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	annotations?: Record<string, string>;
	ownerReferences?: unknown;
} {
	return isObject(object.metadata) ? (object.metadata as ReturnType<typeof meta>) : {};
}

export function nameOf(object: JsonObject): string {
	return str(meta(object).name);
}

function section(object: JsonObject, key: string): JsonObject {
	return isObject(object[key]) ? (object[key] as JsonObject) : {};
}

export function records(value: unknown): JsonObject[] {
	return Array.isArray(value) ? value.filter(isObject) : [];
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

export function num(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function count(value: unknown): number {
	return isObject(value) ? Object.keys(value).length : 0;
}
