// A Git app whose Deployment's health comes from the argocd-cm Lua check: the Lua runtime (wasmoon and its
// glue.wasm) must load from the built package and from the binary too.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {NATIVE_TRACKING_LABEL} from '../../source/core/diff/normalize.js';
import {configMap, deployment, serverSideApply} from '../integration/drift/support.js';
import {put} from '../integration/support/seed.js';
import {type Sandbox, WorkRepo} from '../unit/git/git-fixture.js';
import type {Run} from './built-cli.js';

/**
 * Commits Deployment `web` (3 replicas) to a new repository `repoName` of `git`, applies it live as a native sync
 * does, and puts into argocd-cm a Lua health check that calls every Deployment Degraded; returns the driftwatch.yaml
 * (in `configDir`) naming app `web`.
 */
export async function luaCheckedApp(kc: KubeConfig, git: Sandbox, namespace: string, configDir: string, repoName: string): Promise<string> {
	const web = deployment('web', namespace, {replicas: 3});
	const repo = WorkRepo.create(git, repoName);
	repo.commit('web', {'apps/web/deployment.yaml': stringify(web)});
	await serverSideApply(
		kc,
		{...web, metadata: {...web.metadata, labels: {...web.metadata?.labels, [NATIVE_TRACKING_LABEL]: 'web'}}},
		'driftwatch',
	);
	const check = 'return {status = "Degraded", message = "checked in Lua: " .. obj.spec.replicas .. " replicas"}\n';
	await put(kc, configMap('argocd-cm', 'argocd', {'resource.customizations.health.apps_Deployment': check}));
	const config = join(configDir, 'driftwatch.yaml');
	writeFileSync(config, `apps:\n  - {name: web, repo: ${repo.dir}, branch: main, path: apps/web, namespace: ${namespace}}\n`);
	return config;
}

/** `status --json` of that app judged it by the Lua check. */
export function assertLuaJudged(status: Run): void {
	const apps = (JSON.parse(status.stdout || '{"apps":[]}') as {apps: Array<{name: string; health: string}>}).apps;
	// Without the script a Deployment no controller rolls out is Progressing.
	assert.deepEqual(
		apps.map(app => `${app.name} ${app.health}`),
		['web Degraded'],
		`stdout: ${status.stdout}\nstderr: ${status.stderr}`,
	);
}
