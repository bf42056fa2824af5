// external-secrets.io ExternalSecret, judged as Argo CD's built-in Lua check judges it.
import type {ResourceHealth} from '../apps/detail.js';
import type {KubeObject} from '../kube/resource-type.js';
import {readConditions, readyVerdict} from './conditions.js';
import {health} from './fields.js';

export function externalSecretHealth(object: KubeObject): ResourceHealth {
	return readyVerdict(readConditions(object.status?.conditions)) ?? health('Progressing', 'Waiting for ExternalSecret');
}
