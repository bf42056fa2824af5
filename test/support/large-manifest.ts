// A Git app whose one manifest file is larger than OFF_THREAD_MIN_SIZE: parsing it and comparing it with its live
// object run in the worker thread (core/util/off-thread.ts), which the built package and the binary must start too.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {KubeConfig} from '@kubernetes/client-node';
import {stringify} from 'yaml';
import {OFF_THREAD_MIN_SIZE} from '../../source/core/util/off-thread.js';
import {configMap, edit, serverSideApply} from '../integration/drift/support.js';
import {type Sandbox, WorkRepo} from '../unit/git/git-fixture.js';
import type {Run} from './built-cli.js';

/** A ConfigMap of 320 keys of 1 KiB each, with LOG_LEVEL among them. */
function bulkConfigMap(namespace: string): ReturnType<typeof configMap> {
	const data: Record<string, string> = {LOG_LEVEL: 'info'};
	for (let index = 0; index < 320; index++) data[`key-${String(index).padStart(3, '0')}`] = `${index}`.padEnd(1024, 'x');
	return configMap('bulk', namespace, data);
}

/**
 * Commits the ConfigMap to a new repository of `git` (apps/bulk/configmap.yaml, > OFF_THREAD_MIN_SIZE), applies it
 * live as a native sync does, then changes LOG_LEVEL live to debug; returns the driftwatch.yaml (in `configDir`) naming app `bulk`.
 */
export async function largeManifestApp(kc: KubeConfig, git: Sandbox, namespace: string, configDir: string): Promise<string> {
	const object = bulkConfigMap(namespace);
	const {namespace: _namespace, ...metadata} = object.metadata ?? {};
	const file = stringify({...object, metadata});
	if (file.length < OFF_THREAD_MIN_SIZE) throw new Error(`the manifest is ${file.length} characters, not enough to go off-thread`);
	const repo = WorkRepo.create(git, 'large-manifest');
	repo.commit('bulk', {'apps/bulk/configmap.yaml': file});
	await serverSideApply(kc, object, 'driftwatch');
	await edit(kc, object, {data: {LOG_LEVEL: 'debug'}});
	const config = join(configDir, 'driftwatch-bulk.yaml');
	writeFileSync(config, `apps:\n  - {name: bulk, repo: ${repo.dir}, branch: main, path: apps/bulk, namespace: ${namespace}}\n`);
	return config;
}

/** What `driftwatch diff bulk` prints for that app: LOG_LEVEL, live debug (left) against Git's info (right). */
const largeManifestDrift = [/^--- .*ConfigMap\/\S+\/bulk$/m, /^- {2}LOG_LEVEL: debug$/m, /^\+ {2}LOG_LEVEL: info$/m];

/** `driftwatch diff bulk` found that drift (exit 1) and complained of nothing. */
export function assertLargeManifestDrift(diff: Run): void {
	assert.equal(diff.code, 1, `stdout: ${diff.stdout}\nstderr: ${diff.stderr}`);
	for (const line of largeManifestDrift) assert.match(diff.stdout, line);
	assert.equal(diff.stderr, '');
}
