// The driftwatch config the demo runs with: its native apps, deployed from the
// demo's Git repository by driftwatch itself (no controller).

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
