// Flux toolkit kinds, judged as Argo CD's built-in Lua checks judge them. Argo CD ships one check
// per kind, but they share a shape: spec.suspend first, then a tally of conditions, where the
// message is the Ready condition's reason (not its message). The tallies differ per kind.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {health, str} from './fields.js';
import {concat, ipairsItems, isNil, table} from './lua-values.js';

type Tally = {
	/** Ready with this status counts as a progress signal (Ready=True always counts as a success). */
	readyProgressStatus: 'Unknown' | 'False';
	/** Whether a Reconciling=True condition with this reason counts as a progress signal. */
	reconcilingCounts: (reason: unknown) => boolean;
	/** Further condition types that count as a success when True. */
	successTypes: readonly string[];
	/** Source kinds append the reason of ArtifactOutdated=True to the message. */
	appendsArtifactOutdated: boolean;
	successesNeeded: 1 | 2;
	/** What two progress signals mean: the Receiver check names them failures. */
	twoProgressSignals: 'Progressing' | 'Degraded';
};

const anyReason = (): boolean => true;

const sourceTally: Tally = {
	readyProgressStatus: 'Unknown',
	reconcilingCounts: anyReason,
	successTypes: ['ArtifactInStorage'],
	appendsArtifactOutdated: true,
	successesNeeded: 2,
	twoProgressSignals: 'Progressing',
};

const kustomizationTally: Tally = {
	readyProgressStatus: 'Unknown',
	reconcilingCounts: anyReason,
	successTypes: [],
	appendsArtifactOutdated: false,
	successesNeeded: 1,
	twoProgressSignals: 'Progressing',
};

const helmReleaseTally: Tally = {...kustomizationTally, successTypes: ['Released', 'TestSuccess'], successesNeeded: 2};

const imageRepositoryTally: Tally = {
	...kustomizationTally,
	readyProgressStatus: 'False',
	reconcilingCounts: reason => reason === 'NewGeneration' || reason === 'Scanning',
};

const imagePolicyTally: Tally = {
	...imageRepositoryTally,
	reconcilingCounts: reason => reason === 'NewGeneration' || reason === 'AccessingRepository' || reason === 'ApplyingPolicy',
};

const receiverTally: Tally = {...imageRepositoryTally, reconcilingCounts: anyReason, twoProgressSignals: 'Degraded'};

export const gitRepositoryHealth = suspendableTally(sourceTally);
export const ociRepositoryHealth = suspendableTally(sourceTally);
export const bucketHealth = suspendableTally(sourceTally);
export const helmChartHealth = suspendableTally(sourceTally);
export const kustomizationHealth = suspendableTally(kustomizationTally);
export const imageUpdateAutomationHealth = suspendableTally(kustomizationTally);
export const helmReleaseHealth = suspendableTally(helmReleaseTally);
export const imageRepositoryHealth = suspendableTally(imageRepositoryTally);
export const receiverHealth = suspendableTally(receiverTally);

/** ImagePolicy has no spec.suspend, and its check does not look for one. */
export function imagePolicyHealth(object: KubeObject): ResourceHealth {
	return tallyHealth(object, imagePolicyTally);
}

/** Helm repositories of type oci are never reconciled into a status, so they are Healthy by declaration. */
export function helmRepositoryHealth(object: KubeObject): ResourceHealth {
	const suspended = suspendedHealth(object);
	if (suspended !== undefined) return suspended;
	if (table(object.spec, 'spec')['type'] === 'oci') {
		return health('Healthy', "Helm repositories of type 'oci' do not contain any information in the status.");
	}
	return tallyHealth(object, sourceTally);
}

function suspendableTally(tally: Tally): (object: KubeObject) => ResourceHealth {
	return object => suspendedHealth(object) ?? tallyHealth(object, tally);
}

function suspendedHealth(object: KubeObject): ResourceHealth | undefined {
	if (table(object.spec, 'spec')['suspend'] !== true) return undefined;
	return health('Suspended', concat(object.kind, ' is suspended'));
}

function tallyHealth(object: KubeObject, tally: Tally): ResourceHealth {
	const conditions = isNil(object.status) ? undefined : table(object.status, 'status')['conditions'];
	if (isNil(conditions)) return health('Progressing', 'Status unknown');
	let progress = 0;
	let successes = 0;
	// The Ready reason; nil when Ready has no reason, which only matters if ArtifactOutdated appends to it.
	let message: unknown = '';
	for (const condition of ipairsItems(conditions, 'status.conditions')) {
		const {type, status, reason} = condition;
		if (type === 'Ready') {
			if (status === 'True') successes++;
			else if (status === tally.readyProgressStatus) progress++;
			message = reason;
		} else if (type === 'Reconciling' && status === 'True') {
			if (tally.reconcilingCounts(reason)) progress++;
		} else if (tally.appendsArtifactOutdated && type === 'ArtifactOutdated' && status === 'True') {
			message = concat(message, ' ', reason);
		} else if (tally.successTypes.includes(String(type)) && status === 'True') {
			successes++;
		}
	}
	const text = isNil(message) ? '' : str(message);
	if (progress === 2) return health(tally.twoProgressSignals, text);
	if (successes === tally.successesNeeded) return health('Healthy', text);
	return health('Degraded', text);
}
