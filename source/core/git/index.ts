// The git layer: cached clones, polling, commit metadata and files at a revision.
export {GitRepos, type GitReposOptions} from './git-repos.js';
export {GitError, classifyGitError, redactCredentials} from './git-error.js';
export {findRepoState, repoStateKey} from './repo-state.js';
export {gitCacheRoot, repoCacheDir} from './cache-dir.js';
export {gitEnvironment} from './git-env.js';
export type {CommitInfo, GitSnapshot, MaterializedTree, RepoError, RepoErrorKind, RepoFile, RepoState} from './types.js';
