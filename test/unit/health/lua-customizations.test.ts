// Reading health checks out of argocd-cm's data the way Argo CD does: both spellings, their merge, and which
// check a kind gets (exact key first, then a glob).
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {findHealthCustomization, globMatch, parseHealthCustomizations} from '../../../source/core/health/lua/customizations.js';

const healthy = 'return {status = "Healthy"}';
const degraded = 'return {status = "Degraded"}';

describe('argocd-cm health customizations', () => {
	test('one key per kind: <group>_<Kind>, a bare <Kind> for the core group, `all` for every grouped kind', () => {
		const found = parseHealthCustomizations({
			'resource.customizations.health.cert-manager.io_Certificate': healthy,
			'resource.customizations.health.PersistentVolumeClaim': degraded,
			'resource.customizations.health.all': healthy,
			url: 'https://argocd.example.com',
		});
		assert.deepEqual(
			found.map(entry => entry.key),
			['cert-manager.io/Certificate', 'PersistentVolumeClaim', '*/*'],
		);
		assert.ok(found.every(entry => entry.useOpenLibs === false));
	});

	test('useOpenLibs keys switch the libraries on for their kind, read as Go reads a bool', () => {
		const found = parseHealthCustomizations({
			'resource.customizations.health.apps_Deployment': healthy,
			'resource.customizations.useOpenLibs.apps_Deployment': 'true',
			'resource.customizations.health.batch_Job': healthy,
			'resource.customizations.useOpenLibs.batch_Job': 'T',
			'resource.customizations.health.batch_CronJob': healthy,
			'resource.customizations.useOpenLibs.batch_CronJob': 'yes',
		});
		assert.deepEqual(
			found.map(entry => [entry.key, entry.useOpenLibs]),
			[
				['apps/Deployment', true],
				['batch/Job', true],
				['batch/CronJob', false],
			],
		);
	});

	test('the block form: a YAML map keyed group/Kind, globs allowed, with health.lua and health.lua.useOpenLibs', () => {
		const found = parseHealthCustomizations({
			'resource.customizations': [
				'"*.aws.crossplane.io/*":',
				'  health.lua: |',
				'    return {status = "Healthy"}',
				'argoproj.io/Application:',
				'  health.lua.useOpenLibs: true',
				'  health.lua: |',
				'    return {status = "Progressing"}',
				'apps/Deployment:',
				'  ignoreDifferences: |',
				'    jsonPointers: [/spec/replicas]',
			].join('\n'),
		});
		assert.deepEqual(found, [
			{key: '*.aws.crossplane.io/*', script: 'return {status = "Healthy"}\n', useOpenLibs: false},
			{key: 'argoproj.io/Application', script: 'return {status = "Progressing"}\n', useOpenLibs: true},
		]);
	});

	test('a per-kind key is applied over the block entry of the same kind', () => {
		const found = parseHealthCustomizations({
			'resource.customizations': 'apps/Deployment:\n  health.lua: return {status = "Healthy"}\n',
			'resource.customizations.health.apps_Deployment': degraded,
			'resource.customizations.useOpenLibs.apps_Deployment': 'true',
		});
		assert.deepEqual(found, [{key: 'apps/Deployment', script: degraded, useOpenLibs: true}]);
	});

	test('malformed entries are skipped, the rest still count', () => {
		const found = parseHealthCustomizations({
			'resource.customizations': 'apps/Deployment: [not, a, map\n',
			'resource.customizations.health.too_many_parts': healthy,
			'resource.customizations.colour.apps_Deployment': healthy,
			'resource.customizations.health.batch_Job': healthy,
			'resource.customizations.useOpenLibs.batch_Job': 'maybe',
			'resource.customizations.health.apps_StatefulSet': '',
		});
		assert.deepEqual(found, [{key: 'batch/Job', script: healthy, useOpenLibs: false}]);
	});

	test('a kind gets its exact key first, then the first glob that matches; `*/*` does not reach core kinds', () => {
		const list = parseHealthCustomizations({
			'resource.customizations': '"*.example.com/*":\n  health.lua: glob\n"*/*":\n  health.lua: everything\n',
			'resource.customizations.health.db.example.com_Database': 'exact',
		});
		assert.equal(findHealthCustomization(list, 'db.example.com', 'Database')?.script, 'exact');
		assert.equal(findHealthCustomization(list, 'db.example.com', 'Backup')?.script, 'glob');
		assert.equal(findHealthCustomization(list, 'apps', 'Deployment')?.script, 'everything');
		assert.equal(findHealthCustomization(list, '', 'Pod'), undefined);
	});

	test('glob syntax: * crosses slashes, ?, classes, negated classes, alternatives, escapes', () => {
		assert.ok(globMatch('*', 'apps/Deployment'));
		assert.ok(globMatch('ec2.aws.crossplane.io/*', 'ec2.aws.crossplane.io/Instance'));
		assert.ok(!globMatch('ec2.aws.crossplane.io/*', 'rds.aws.crossplane.io/Instance'));
		assert.ok(globMatch('apps/?eployment', 'apps/Deployment'));
		assert.ok(globMatch('apps/[DS]*', 'apps/StatefulSet'));
		assert.ok(!globMatch('apps/[!DS]*', 'apps/StatefulSet'));
		assert.ok(globMatch('{apps,batch}/*', 'batch/Job'));
		assert.ok(!globMatch('{apps,batch}/*', 'policy/PodDisruptionBudget'));
		assert.ok(globMatch('a\\*b/K', 'a*b/K'));
		assert.ok(!globMatch('a\\*b/K', 'axb/K'));
		assert.ok(!globMatch('apps.k8s.io/*', 'appsxk8s.io/Foo'), 'a dot is a dot');
		assert.ok(!globMatch('[unclosed/*', '[unclosed/Kind'), 'a pattern that does not compile matches nothing');
	});
});
