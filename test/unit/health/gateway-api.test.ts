import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

type Condition = {type: string; status: string; reason: string; message?: string; observedGeneration?: number};
const at = '2025-03-01T10:00:00Z';
const stamp = (conditions: Condition[]) => conditions.map(condition => ({lastTransitionTime: at, observedGeneration: 1, ...condition}));

function gateway(conditions: Condition[], listenerConditions: Condition[]): KubeObject {
	return {
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'Gateway',
		metadata: {name: 'public', namespace: 'edge', generation: 1},
		spec: {gatewayClassName: 'envoy', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
		status: {
			conditions: stamp(conditions),
			listeners: [
				{
					name: 'http',
					attachedRoutes: 1,
					supportedKinds: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'}],
					conditions: stamp(listenerConditions),
				},
			],
		},
	};
}

const programmed: Condition = {type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Gateway has been programmed'};
const accepted: Condition = {type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Gateway has been accepted'};
const resolved: Condition = {type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'All references resolved'};
const listenerReady: Condition = {type: 'Programmed', status: 'True', reason: 'Ready', message: 'Listener is ready'};
const listenerAccepted: Condition = {type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Listener has been accepted'};

describe('Gateway API Gateway health', () => {
	test('programmed, accepted and resolved, listeners too, is Healthy', () => {
		assert.deepEqual(resourceHealth(gateway([programmed, accepted, resolved], [listenerReady, listenerAccepted, resolved])), {
			status: 'Healthy',
			message: 'Gateway is healthy',
		});
	});

	test('unresolved references are Degraded with their message', () => {
		const unresolved = {type: 'ResolvedRefs', status: 'False', reason: 'InvalidGatewayClass', message: 'Failed to resolve references'};
		assert.deepEqual(resourceHealth(gateway([programmed, accepted, unresolved], [listenerReady, listenerAccepted])), {
			status: 'Degraded',
			message: 'Failed to resolve references',
		});
	});

	test('not accepted by any controller is Degraded', () => {
		const rejected = {
			type: 'Accepted',
			status: 'False',
			reason: 'NoControllerFound',
			message: 'Gateway has not been accepted by any controller',
		};
		assert.deepEqual(resourceHealth(gateway([programmed, rejected, resolved], [listenerReady])), {
			status: 'Degraded',
			message: 'Gateway has not been accepted by any controller',
		});
	});

	test('a rejected listener is Degraded, prefixed "Listener:"', () => {
		const listenerRejected = {type: 'Accepted', status: 'False', reason: 'ListenerNotAccepted', message: 'Listener has not been accepted'};
		assert.deepEqual(resourceHealth(gateway([programmed, accepted, resolved], [listenerReady, listenerRejected, resolved])), {
			status: 'Degraded',
			message: 'Listener: Listener has not been accepted',
		});
	});

	test('still being programmed is Progressing, before looking at listeners', () => {
		const programming = {
			type: 'Programmed',
			status: 'False',
			reason: 'ProgrammingInProgress',
			message: 'Gateway is still being programmed',
		};
		const listenerProgramming = {
			type: 'Programmed',
			status: 'False',
			reason: 'ProgrammingInProgress',
			message: 'Listener is being programmed',
		};
		assert.deepEqual(resourceHealth(gateway([programming, accepted, resolved], [listenerProgramming, listenerAccepted, resolved])), {
			status: 'Progressing',
			message: 'Gateway is still being programmed',
		});
	});

	test('a listener being programmed without a message gets a stock one', () => {
		const listenerPending = {type: 'Programmed', status: 'Unknown', reason: 'Pending'};
		assert.deepEqual(resourceHealth(gateway([programmed, accepted, resolved], [listenerPending])), {
			status: 'Progressing',
			message: 'Listener: Listener is still being programmed',
		});
	});

	test('no status yet is Progressing', () => {
		const fresh = gateway([], []);
		delete fresh.status;
		assert.deepEqual(resourceHealth(fresh), {status: 'Progressing', message: 'Waiting for Gateway status'});
	});
});

type Parent = {gateway: string; section?: string; conditions: Condition[]};

function httpRoute(parents: Parent[], generation = 1): KubeObject {
	return {
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'HTTPRoute',
		metadata: {name: 'storefront', namespace: 'shop', generation},
		spec: {
			parentRefs: [{name: 'public', namespace: 'edge'}],
			hostnames: ['shop.example.com'],
			rules: [{backendRefs: [{name: 'storefront', port: 80}]}],
		},
		status: {
			parents: parents.map(parent => ({
				controllerName: 'example.io/gateway-controller',
				parentRef: {
					group: 'gateway.networking.k8s.io',
					kind: 'Gateway',
					name: parent.gateway,
					namespace: 'edge',
					sectionName: parent.section ?? 'http',
				},
				conditions: parent.conditions.map(condition => ({lastTransitionTime: at, ...condition})),
			})),
		},
	};
}

const routeProgrammed: Condition = {
	type: 'Programmed',
	status: 'True',
	reason: 'Programmed',
	message: 'Route is successfully programmed',
	observedGeneration: 1,
};
const routeAccepted: Condition = {
	type: 'Accepted',
	status: 'True',
	reason: 'Accepted',
	message: 'Route has been accepted',
	observedGeneration: 1,
};
const routeResolved: Condition = {
	type: 'ResolvedRefs',
	status: 'True',
	reason: 'ResolvedRefs',
	message: 'All references resolved',
	observedGeneration: 1,
};

describe('Gateway API HTTPRoute health', () => {
	test('accepted and resolved by its Gateway is Healthy', () => {
		assert.deepEqual(
			resourceHealth(httpRoute([{gateway: 'example-gateway', conditions: [routeProgrammed, routeAccepted, routeResolved]}])),
			{
				status: 'Healthy',
				message: 'HTTPRoute is healthy',
			},
		);
	});

	test('a missing backend is Degraded, naming the Gateway', () => {
		const missingBackend = {
			type: 'ResolvedRefs',
			status: 'False',
			reason: 'BackendNotFound',
			message: 'BackendRef service-does-not-exist not found',
			observedGeneration: 1,
		};
		assert.deepEqual(
			resourceHealth(httpRoute([{gateway: 'example-gateway', conditions: [routeProgrammed, routeAccepted, missingBackend]}])),
			{
				status: 'Degraded',
				message: 'Parent example-gateway: BackendRef service-does-not-exist not found',
			},
		);
	});

	test('rejected by its Gateway is Degraded, naming the Gateway', () => {
		const rejected = {
			type: 'Accepted',
			status: 'False',
			reason: 'InvalidConfiguration',
			message: 'Route has not been accepted due to invalid configuration',
			observedGeneration: 1,
		};
		assert.deepEqual(resourceHealth(httpRoute([{gateway: 'example-gateway', conditions: [routeProgrammed, rejected, routeResolved]}])), {
			status: 'Degraded',
			message: 'Parent example-gateway: Route has not been accepted due to invalid configuration',
		});
	});

	test('still being programmed is Progressing, naming the Gateway', () => {
		const programming = {
			type: 'Programmed',
			status: 'False',
			reason: 'ProgrammingInProgress',
			message: 'Route is still being programmed',
			observedGeneration: 1,
		};
		assert.deepEqual(resourceHealth(httpRoute([{gateway: 'example-gateway', conditions: [programming, routeAccepted, routeResolved]}])), {
			status: 'Progressing',
			message: 'Parent example-gateway: Route is still being programmed',
		});
	});

	test('a rejection about an older generation is ignored once a parent reports on the current one', () => {
		const staleRejection = {
			type: 'Accepted',
			status: 'False',
			reason: 'NoMatchingParent',
			message: 'No listeners match this parent ref',
			observedGeneration: 1,
		};
		const staleResolved = {
			type: 'ResolvedRefs',
			status: 'True',
			reason: 'ResolvedRefs',
			message: 'Resolved all the Object references for the Route',
			observedGeneration: 1,
		};
		const current = [
			{type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted', observedGeneration: 2},
			{
				type: 'ResolvedRefs',
				status: 'True',
				reason: 'ResolvedRefs',
				message: 'Resolved all the Object references for the Route',
				observedGeneration: 2,
			},
		];
		const route = httpRoute(
			[
				{gateway: 'eg', section: 'foo-nonexistent', conditions: [staleRejection, staleResolved]},
				{gateway: 'eg', section: 'https-net', conditions: current},
			],
			2,
		);
		assert.deepEqual(resourceHealth(route), {status: 'Healthy', message: 'HTTPRoute is healthy'});
	});

	test('only stale parents is still waiting', () => {
		assert.deepEqual(resourceHealth(httpRoute([{gateway: 'public', conditions: [routeAccepted, routeResolved]}], 2)), {
			status: 'Progressing',
			message: 'Waiting for HTTPRoute status',
		});
	});

	test('no parents yet is Progressing', () => {
		assert.deepEqual(resourceHealth(httpRoute([])), {status: 'Progressing', message: 'Waiting for HTTPRoute status'});
	});
});
