import {appId, type AppSourceRef, type AppSummary, type HealthStatus, type SyncStatus} from '../../apps/model.js';
import {apiVersionOf} from '../../kube/resource-type.js';
import {argoOperation, argoStateLabel, type ArgoOperationView} from './operation-state.js';
import {type ArgoAppProjection, type ArgoSource, applicationType} from './projection.js';
import {firstLine} from '../../util/error-text.js';

const healthWords: readonly HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];

function argoSync(value: string): SyncStatus {
	return value === 'Synced' || value === 'OutOfSync' ? value : 'Unknown';
}

function argoHealth(value: string): HealthStatus {
	return (healthWords as readonly string[]).includes(value) ? (value as HealthStatus) : 'Unknown';
}

export function argoSummary(context: string, app: ArgoAppProjection): AppSummary {
	const view = argoOperation(app.operationRequested, app.operationState, app.deletionTimestamp !== null);
	return {
		id: appId(context, applicationType.kind, app.namespace, app.name),
		provider: 'argocd',
		kind: applicationType.kind,
		apiVersion: apiVersionOf(applicationType),
		name: app.name,
		namespace: app.namespace,
		deploysInto: app.deploysInto,
		context,
		sync: argoSync(app.syncStatus),
		health: argoHealth(app.healthStatus),
		revision: app.syncRevision,
		message: argoMessage(app, view),
		operation: view.operation,
		stateLabel: argoStateLabel(app.deletionTimestamp !== null, view, app.operationIsSync),
		autoSync: app.autoSync,
		// The last sync (the SYNCED column): a comparison (reconciledAt) deploys nothing, so it is no fallback.
		lastChange: app.operationState?.finishedAt ?? app.lastDeployedAt,
		conditions: app.conditions,
		source: argoSourceRef(app.source),
		resourceVersion: app.resourceVersion,
	};
}

/**
 * The single most useful line: what the current or failed operation says, then
 * an error condition (ComparisonError, SyncError…), then the health message,
 * then warnings. A succeeded operation's "successfully synced" adds nothing.
 */
function argoMessage(app: ArgoAppProjection, view: ArgoOperationView): string {
	const operation = view.operation;
	const candidates = [
		operation !== null && operation.phase !== 'Succeeded' ? operation.message : '',
		...app.conditions.filter(condition => condition.type.endsWith('Error')).map(condition => condition.message),
		app.healthMessage,
		view.waiting ? 'Sync requested, waiting for the controller to start it' : '',
		...app.conditions.map(condition => condition.message),
	];
	for (const candidate of candidates) {
		const line = firstLine(candidate);
		if (line !== '') return line;
	}
	return '';
}

function argoSourceRef(source: ArgoSource | null): AppSourceRef | null {
	if (source === null) return null;
	const kind = source.repoURL.startsWith('oci://') ? 'OCI' : source.chart !== '' ? 'Helm' : 'Git';
	return {
		kind,
		name: source.chart || source.path,
		namespace: '',
		url: source.repoURL,
		// Argo CD's default target is HEAD.
		revision: source.targetRevision || 'HEAD',
		ready: null,
	};
}
