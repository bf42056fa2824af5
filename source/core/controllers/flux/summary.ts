import {appId, type AppSummary} from '../../apps/model.js';
import {apiVersionOf} from '../../kube/resource-type.js';
import {findCondition} from '../conditions.js';
import {fluxHealth, withReason} from './health.js';
import type {FluxAppProjection} from './projection.js';
import {
	findSource,
	helmReleaseRevision,
	helmReleaseSync,
	kustomizationRevision,
	kustomizationSync,
	sourceRef,
	type Tables,
} from './sync.js';
import {helmReleaseType, kustomizationType} from './types.js';

export function fluxSummary(context: string, app: FluxAppProjection, tables: Tables): AppSummary {
	const isRelease = app.kind === helmReleaseType.kind;
	const type = isRelease ? helmReleaseType : kustomizationType;
	const source = app.sourceRef === null ? null : findSource(tables, app.sourceRef);
	const {health, stateLabel, message: healthMessage} = fluxHealth(app);
	const drifted = isRelease && health === 'Healthy' ? findCondition(app.conditions, 'Drifted') : null;
	const message = drifted?.status === 'True' ? withReason(drifted.reason || 'DriftDetected', drifted.message) : healthMessage;
	const readyChanged = findCondition(app.conditions, 'Ready')?.lastTransitionTime ?? null;
	return {
		id: appId(context, type.kind, app.namespace, app.name),
		provider: 'flux',
		kind: type.kind,
		apiVersion: apiVersionOf(type),
		name: app.name,
		namespace: app.namespace,
		deploysInto: app.deploysInto,
		context,
		sync: isRelease ? helmReleaseSync(app, source) : kustomizationSync(app, source),
		health,
		revision: isRelease ? helmReleaseRevision(app) : kustomizationRevision(app),
		message,
		operation: null,
		stateLabel,
		autoSync: !app.suspended,
		// A release's lastDeployed is when Helm last changed it; Ready flips on every run.
		lastChange: (isRelease ? app.release?.lastDeployed : null) ?? readyChanged ?? app.lastHandledReconcileAt,
		conditions: app.conditions,
		source: app.sourceRef === null ? null : sourceRef(tables, app.sourceRef, source),
		resourceVersion: app.resourceVersion,
		lastHandledReconcileAt: app.lastHandledReconcileAt,
	};
}
