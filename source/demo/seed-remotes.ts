// The demo's other Git repositories: the Argo CD apps of gitops-deploy and the Flux sources fleet-infra and
// platform-policies exist on this machine too, so every git-sourced demo app deploys from a local repository and
// none names a remote the demo would have to reach (or the user's credentials would be tried on). Each holds its
// apps' manifests as they run (what differs by design shows in the newest commit), with a commit for every
// revision the apps' status names; the made-up URLs and commit SHAs in the seeded objects are replaced by these.

import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {stringify} from 'yaml';
import type {KubeObject} from '../core/kube/resource-type.js';
import {objectKey, type ArgoDemoApp} from './argo-app-set.js';
import {demoGitEnv} from './demo-git.js';
import type {DemoGitRepo} from './git-repo.js';
import {manifestOf} from './gitops-apply.js';

const remoteUrls = {
	gitopsDeploy: 'https://github.com/acme/gitops-deploy.git',
	fleetInfra: 'https://github.com/acme/fleet-infra.git',
	platformPolicies: 'https://github.com/acme/platform-policies.git',
	edgeConfig: 'https://github.com/acme/edge-config.git',
};

type Files = Map<string, string>;
/** One commit to make: when, by whom, and the files it changes (path → text). */
type PlannedCommit = {fake: string; agoMs: number; subject: string; files: Files};

const trackingLabels = ['app.kubernetes.io/instance', 'kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace'];
const trackingAnnotations = ['argocd.argoproj.io/tracking-id'];

/** What Git holds for a live object the tool applied: no status, no tracking marks. */
function inGit(object: KubeObject): KubeObject {
	const manifest = manifestOf(object);
	const metadata = {...manifest.metadata};
	const labels = Object.fromEntries(Object.entries(metadata.labels ?? {}).filter(([key]) => !trackingLabels.includes(key)));
	const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([key]) => !trackingAnnotations.includes(key)));
	delete metadata.labels;
	delete metadata.annotations;
	return {
		...manifest,
		metadata: {
			...metadata,
			...(Object.keys(labels).length > 0 ? {labels} : {}),
			...(Object.keys(annotations).length > 0 ? {annotations} : {}),
		},
	};
}

function fileOf(dir: string, object: KubeObject): string {
	return join(dir, `${(object.kind ?? 'object').toLowerCase()}-${object.metadata?.name ?? 'unnamed'}.yaml`);
}

/** The change Git made after what runs: a new image patch release for workloads, a new setting otherwise. */
function changedInGit(object: KubeObject): KubeObject {
	const changed = structuredClone(object);
	const container = changed.spec?.template?.spec?.containers?.[0] as {image?: string} | undefined;
	if (container?.image) {
		container.image = container.image.replace(/(\d+)$/, (digits: string) => String(Number(digits) + 1));
		return changed;
	}
	if (object.kind === 'ConfigMap') return {...object, data: {...(object['data'] as Record<string, string> | undefined), UPDATED: 'true'}};
	return {...object, metadata: {...object.metadata, labels: {...object.metadata?.labels, 'app.kubernetes.io/version': 'next'}}};
}

function agoOf(iso: unknown, fallback: number): number {
	const time = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
	return Number.isNaN(time) ? fallback : Date.now() - time;
}

/** gitops-deploy: the Argo CD apps that name it, each at apps/NAME/overlays/prod (its spec.source.path). */
function argoCommits(apps: readonly ArgoDemoApp[]): PlannedCommit[] {
	const commits: PlannedCommit[] = [];
	for (const app of apps) {
		const spec = app.application.spec?.source ?? {};
		if (spec.repoURL !== remoteUrls.gitopsDeploy) continue;
		const name = app.application.metadata?.name ?? '';
		const status = app.application.status ?? {};
		const base: Files = new Map();
		for (const object of [...app.trees.map(tree => tree.root), ...(app.missing ?? [])])
			base.set(fileOf(spec.path, object), stringify(inGit(object)));
		if (name === 'kafka') base.set(join(spec.path, 'kustomization.yaml'), stringify({resources: ['../../base']}));
		const history = (status.history ?? []) as Array<{revision: string; deployedAt?: string}>;
		history.forEach((entry, index) => {
			const agoMs = agoOf(entry.deployedAt, (history.length - index) * 86_400_000) + 10 * 60_000;
			commits.push({fake: entry.revision, agoMs, subject: `${name}: release ${index + 1}`, files: index === 0 ? base : new Map()});
		});
		const head = status.sync?.revision as string | undefined;
		if (head && !history.some(entry => entry.revision === head)) {
			const drifted = new Set(
				((status.resources ?? []) as Array<{kind: string; name: string; status?: string}>)
					.filter(resource => resource.status === 'OutOfSync')
					.map(resource => `${resource.kind}/${resource.name}`),
			);
			const changed: Files = new Map();
			for (const tree of app.trees)
				if (drifted.has(objectKey(tree.root))) changed.set(fileOf(spec.path, tree.root), stringify(changedInGit(inGit(tree.root))));
			const newest = history.at(-1);
			commits.push({
				fake: head,
				agoMs: Math.max(60_000, agoOf(newest?.deployedAt, 3_600_000) / 2),
				subject: `${name}: next release`,
				files: history.length === 0 ? new Map([...base, ...changed]) : changed,
			});
		}
	}
	return commits;
}

/** A Flux GitRepository's repository: each Kustomization deploying from it at its spec.path. */
function fluxCommits(
	url: string,
	sources: readonly KubeObject[],
	kustomizations: ReadonlyArray<{object: KubeObject; trees: Array<{root: KubeObject}>}>,
): PlannedCommit[] {
	const names = sources.filter(source => source.spec?.url === url).map(source => source.metadata?.name);
	const head = sources.find(source => source.spec?.url === url)?.status?.artifact?.revision as string | undefined;
	const files: Files = new Map();
	const fakes = new Set<string>();
	for (const {object, trees} of kustomizations) {
		if (object.kind !== 'Kustomization' || object.spec?.sourceRef?.kind !== 'GitRepository' || !names.includes(object.spec.sourceRef.name))
			continue;
		const path = String(object.spec.path ?? '.').replace(/^\.\//, '') || '.';
		for (const tree of trees) files.set(fileOf(path, tree.root), stringify(inGit(tree.root)));
		if (object.metadata?.name === 'infra-staging') files.set(join(path, 'kustomization.yaml'), stringify({resources: ['ingress.yaml']}));
		// What a Kustomization that never got to apply (stalled, waiting on a dependency) would add.
		if (trees.length === 0)
			files.set(
				join(path, 'configmap-settings.yaml'),
				stringify({
					apiVersion: 'v1',
					kind: 'ConfigMap',
					metadata: {name: `${object.metadata?.name}-settings`, namespace: 'flux-system'},
					data: {OWNER: 'platform-team'},
				}),
			);
		for (const revision of [object.status?.lastAppliedRevision, object.status?.lastAttemptedRevision])
			if (typeof revision === 'string') fakes.add(revision);
	}
	const commit = (revision: string) => /sha1:([0-9a-f]{40})$/.exec(revision)?.[1];
	const headSha = head ? commit(head) : undefined;
	const older = [...fakes].map(commit).filter((sha): sha is string => sha !== undefined && sha !== headSha);
	const planned: PlannedCommit[] = [...new Set(older)].map((fake, index) => ({
		fake,
		agoMs: (older.length - index + 1) * 3_600_000 * 4,
		subject: `release ${index + 1}`,
		files: index === 0 ? files : new Map(),
	}));
	if (headSha)
		planned.push({fake: headSha, agoMs: 30 * 60_000, subject: 'bump platform components', files: planned.length === 0 ? files : new Map()});
	return planned;
}

/** Makes the repository with git fast-import (one process for every commit); returns fake SHA → real SHA. */
async function writeRepository(dir: string, planned: readonly PlannedCommit[], env: Record<string, string>): Promise<Map<string, string>> {
	const run = promisify(execFile);
	await run('git', ['init', '--quiet', '--initial-branch=main', dir], {env});
	// A rollback's revert is pushed to main, which this work tree has checked out: the push updates it.
	await run('git', ['-C', dir, 'config', 'receive.denyCurrentBranch', 'updateInstead'], {env});
	const ordered = [...planned].sort((left, right) => right.agoMs - left.agoMs);
	const now = Date.now();
	const chunks: string[] = [];
	const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
	ordered.forEach((commit, index) => {
		const when = `${Math.floor((now - commit.agoMs) / 1000)} +0000`;
		chunks.push(
			`commit refs/heads/main\nmark :${index + 1}\nauthor Priya Raman <priya.raman@acme.example> ${when}\ncommitter Priya Raman <priya.raman@acme.example> ${when}\n${data(commit.subject)}`,
		);
		for (const [path, text] of commit.files) chunks.push(`M 100644 inline ${path}\n${data(text)}`);
		chunks.push('\n');
	});
	const marks = join(dir, '.git', 'demo-marks');
	await new Promise<void>((resolve, reject) => {
		const child = execFile('git', ['-C', dir, 'fast-import', '--quiet', `--export-marks=${marks}`], {env}, error =>
			error ? reject(error) : resolve(),
		);
		child.stdin?.end(chunks.join(''));
	});
	await run('git', ['-C', dir, 'checkout', '--quiet', '--force', 'main'], {env});
	const shas = new Map<string, string>();
	for (const line of (await readFile(marks, 'utf8')).split('\n')) {
		const [mark, sha] = line.split(' ');
		const commit = ordered[Number(mark?.slice(1)) - 1];
		if (commit && sha) shas.set(commit.fake, sha);
	}
	return shas;
}

/**
 * Writes the repositories beside the demo's own and returns how to rewrite a seeded object: every made-up URL and
 * SHA of those repositories replaced by the local one.
 */
/** Where each of the other repositories lives, beside the demo's own. */
export function localRemoteDirs(repo: Pick<DemoGitRepo, 'root'>): Record<keyof typeof remoteUrls, string> {
	return {
		gitopsDeploy: join(repo.root, 'gitops-deploy'),
		fleetInfra: join(repo.root, 'fleet-infra'),
		platformPolicies: join(repo.root, 'platform-policies'),
		edgeConfig: join(repo.root, 'edge-config'),
	};
}

export async function localRemotes(
	repo: DemoGitRepo,
	argo: readonly ArgoDemoApp[],
	sources: readonly KubeObject[],
	flux: ReadonlyArray<{object: KubeObject; trees: Array<{root: KubeObject}>}>,
): Promise<<T>(object: T) => T> {
	const env = demoGitEnv(repo.root);
	const dirs = localRemoteDirs(repo);
	const replacements = new Map<string, string>();
	const add = (shas: Map<string, string>) => {
		for (const [fake, real] of shas) replacements.set(fake, real);
	};
	add(await writeRepository(dirs.gitopsDeploy, argoCommits(argo), env));
	add(await writeRepository(dirs.fleetInfra, fluxCommits(remoteUrls.fleetInfra, sources, flux), env));
	add(await writeRepository(dirs.platformPolicies, fluxCommits(remoteUrls.platformPolicies, sources, flux), env));
	// edge-config is the source that cannot be fetched: its directory is never made.
	for (const [name, url] of Object.entries(remoteUrls)) replacements.set(url, dirs[name as keyof typeof dirs]);
	replacements.set('authentication required: Invalid username or token', 'repository not found');
	return <T>(object: T): T => {
		let text = JSON.stringify(object);
		for (const [from, to] of replacements) text = text.replaceAll(from, to);
		return JSON.parse(text) as T;
	};
}
