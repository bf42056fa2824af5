// The driftwatch config the demo runs with: its native apps, deployed from the
// demo's Git repository by driftwatch itself (no controller).

import {stringify} from 'yaml';
import {defaultConfig, type DriftwatchConfig} from '../core/native/config-types.js';
import {appPath} from './git-history.js';
import {nativeDemoApps, nativeNamespace} from './seed-git.js';

export function demoConfig(repoDir: string): DriftwatchConfig {
	return {
		...defaultConfig(),
		apps: nativeDemoApps.map(name => ({
			name,
			repo: repoDir,
			branch: 'main',
			path: appPath(name),
			namespace: nativeNamespace,
			context: null,
			prune: false,
			// Not read from a file.
			line: 0,
		})),
	};
}

/** The config as a driftwatch.yaml, for a session started from another terminal (`driftwatch sandbox`). */
export function demoConfigYaml(config: DriftwatchConfig, options: {contexts?: readonly string[]} = {}): string {
	// A fleet's apps name their cluster's context; one cluster's apps follow the current context.
	const apps = config.apps.map(app => ({
		name: app.name,
		repo: app.repo,
		branch: app.branch,
		path: app.path,
		namespace: app.namespace,
		...(app.context === null ? {} : {context: app.context}),
	}));
	// A fleet's contexts as the config's list: `driftwatch --config FILE` watches every cluster.
	const watched = options.contexts && options.contexts.length > 0 ? {contexts: [...options.contexts]} : {};
	return `# The Git apps of the driftwatch sandbox, deployed from its local Git repository (removed when it stops).\n${stringify({...watched, apps})}`;
}
