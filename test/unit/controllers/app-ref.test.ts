import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {parseAppRef, resolveAppRef, type AppRef} from '../../../source/core/controllers/app-ref.js';
import {appId, type AppSummary, type ProviderName} from '../../../source/core/apps/model.js';

const providerOf: Record<string, ProviderName> = {Application: 'argocd', Kustomization: 'flux', HelmRelease: 'flux', Git: 'git'};

function app(kind: string, namespace: string, name: string): AppSummary {
	return {
		id: appId('dev', kind, namespace, name),
		provider: providerOf[kind] ?? 'git',
		kind,
		apiVersion: 'v1',
		name,
		namespace,
		deploysInto: [namespace],
		context: 'dev',
		sync: 'Synced',
		health: 'Healthy',
		revision: '',
		message: '',
		operation: null,
		stateLabel: '',
		autoSync: null,
		lastChange: null,
		conditions: [],
		source: null,
		resourceVersion: '1',
	};
}

const estate = [
	app('Application', 'argocd', 'web'),
	app('Kustomization', 'team-a', 'web'),
	app('HelmRelease', 'team-a', 'cache'),
	app('Git', 'team-b', 'billing'),
	app('Application', 'argocd', 'checkout'),
];

function parsed(text: string, namespace?: string): AppRef {
	const ref = parseAppRef(text, namespace);
	assert.ok(!('error' in ref), `parse failed: ${'error' in ref ? ref.error : ''}`);
	return ref;
}

function resolvedPath(text: string, namespace?: string): string {
	const result = resolveAppRef(parsed(text, namespace), estate);
	assert.ok('app' in result, `not resolved: ${'error' in result ? result.error : ''}`);
	return `${result.app.kind}/${result.app.namespace}/${result.app.name}`;
}

function failure(text: string, apps: readonly AppSummary[] = estate, namespace?: string): {error: string; matches: AppSummary[]} {
	const result = resolveAppRef(parsed(text, namespace), apps);
	assert.ok('error' in result, `unexpectedly resolved to ${'app' in result ? result.app.id : ''}`);
	return result;
}

describe('parseAppRef', () => {
	test('NAME, NAMESPACE/NAME and KIND/NAMESPACE/NAME', () => {
		assert.deepEqual(parseAppRef('web'), {kind: null, namespace: null, name: 'web'});
		assert.deepEqual(parseAppRef('team-a/web'), {kind: null, namespace: 'team-a', name: 'web'});
		assert.deepEqual(parseAppRef('Kustomization/team-a/web'), {kind: 'Kustomization', namespace: 'team-a', name: 'web'});
	});

	test('-n fills in the namespace of a bare NAME and may repeat the one given', () => {
		assert.deepEqual(parseAppRef('web', 'team-a'), {kind: null, namespace: 'team-a', name: 'web'});
		assert.deepEqual(parseAppRef('team-a/web', 'team-a'), {kind: null, namespace: 'team-a', name: 'web'});
	});

	test('-n that contradicts the namespace in APP is an error naming both', () => {
		const result = parseAppRef('team-a/web', 'team-b');
		assert.ok('error' in result);
		assert.match(result.error, /team-a/);
		assert.match(result.error, /team-b/);
	});

	test('short and plural kinds, in any case, become the canonical kind', () => {
		const cases: Array<[string, string]> = [
			['app', 'Application'],
			['APPLICATIONS', 'Application'],
			['application', 'Application'],
			['ks', 'Kustomization'],
			['kustomization', 'Kustomization'],
			['hr', 'HelmRelease'],
			['helmreleases', 'HelmRelease'],
			['git', 'Git'],
			['GIT', 'Git'],
			// The names of earlier releases, still in users' scripts.
			['native', 'Git'],
			['NativeApp', 'Git'],
			['nativeapp', 'Git'],
		];
		for (const [typed, kind] of cases) assert.equal(parsed(`${typed}/ns/x`).kind, kind, typed);
	});

	test('empty parts, too many parts and blanks are errors that say what is expected', () => {
		for (const text of ['', '  ', '/web', 'team-a/', 'a//web', 'app/ns/web/extra', 'my app']) {
			const result = parseAppRef(text);
			assert.ok('error' in result, `accepted "${text}"`);
			assert.match(result.error, /NAME/);
		}
	});
});

describe('resolveAppRef', () => {
	test('a unique NAME resolves whatever its kind and namespace', () => {
		assert.equal(resolvedPath('checkout'), 'Application/argocd/checkout');
		assert.equal(resolvedPath('billing'), 'Git/team-b/billing');
		assert.equal(resolvedPath('cache'), 'HelmRelease/team-a/cache');
	});

	test('namespace or kind settle a NAME used twice', () => {
		assert.equal(resolvedPath('team-a/web'), 'Kustomization/team-a/web');
		assert.equal(resolvedPath('web', 'argocd'), 'Application/argocd/web');
		assert.equal(resolvedPath('ks/team-a/web'), 'Kustomization/team-a/web');
		assert.equal(resolvedPath('APP/argocd/web'), 'Application/argocd/web');
		assert.equal(resolvedPath('git/team-b/billing'), 'Git/team-b/billing');
		assert.equal(resolvedPath('native/team-b/billing'), 'Git/team-b/billing');
	});

	test('a NAME used twice is ambiguous: the error lists every match as KIND/NAMESPACE/NAME', () => {
		const result = failure('web');
		assert.match(result.error, /ambiguous/);
		assert.match(result.error, /Application\/argocd\/web/);
		assert.match(result.error, /Kustomization\/team-a\/web/);
		assert.deepEqual(result.matches.map(match => match.id).sort(), [estate[0]!.id, estate[1]!.id].sort());
	});

	test('the same name in two namespaces of one kind is ambiguous too', () => {
		const twins = [app('Git', 'east', 'web'), app('Git', 'west', 'web')];
		const result = failure('web', twins);
		assert.match(result.error, /Git\/east\/web, Git\/west\/web/);
		assert.equal(result.matches.length, 2);
	});

	test('a kind that does not match is no match, even if the name exists', () => {
		const result = failure('hr/team-a/web');
		assert.match(result.error, /no HelmRelease "web" in namespace "team-a"/);
		assert.deepEqual(result.matches, []);
		// The same name elsewhere is offered.
		assert.match(result.error, /did you mean .*Kustomization\/team-a\/web/);
	});

	test('no match names what was searched and offers names a typo away', () => {
		const result = failure('chekout');
		assert.match(result.error, /no app "chekout" \(searched 5 apps\)/);
		assert.match(result.error, /did you mean Application\/argocd\/checkout\?/);
		const unrelated = failure('zzzzzz');
		assert.doesNotMatch(unrelated.error, /did you mean/);
	});

	test('no apps at all says so', () => {
		assert.match(failure('web', []).error, /no app "web" \(no apps found\)/);
	});

	test('native matches native apps by provider whatever kind word they carry', () => {
		const odd = {...app('Git', 'team-b', 'billing'), kind: 'GitApp'};
		const result = resolveAppRef(parsed('native/team-b/billing'), [odd]);
		assert.ok('app' in result);
	});
});
