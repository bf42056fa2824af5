import {existsSync} from 'node:fs';
import {KubeConfigError, KubeConfigFile, loadDefaultKubeConfig, readKubeConfigFile, type KubeConfigLike} from './kubeconfig-file.js';
import {selectContextNames, type ContextSelectionRequest} from './context-selection.js';
import {errorText, redactCredentials} from '../util/error-text.js';

export {KubeConfigError};

type KubeConfigRequest = {
	/** --kubeconfig; falls back to KUBECONFIG, then ~/.kube/config. */
	path?: string | undefined;
	/** --context; falls back to the file's current-context. */
	context?: string | undefined;
};

export type LoadedKubeConfig = {
	kc: KubeConfigLike;
	context: string;
	contexts: string[];
	/** Namespace of the current context ('default' when unset). */
	namespace: string;
	/**
	 * Several contexts selected, and this one cannot be used (its cluster is not defined, or has no server URL):
	 * why, in one line. Nothing is read from it; the others are, and it is shown as unusable among them.
	 */
	unusable?: string;
};

/** Read and check a kubeconfig; every failure is a KubeConfigError with one clear line. */
export function loadKubeConfig(request: KubeConfigRequest = {}): LoadedKubeConfig {
	const {kc, contexts} = readKubeConfig(request.path);
	return selectContext(kc, request.context, contexts);
}

/**
 * Read a kubeconfig and select the contexts to watch (`--context a,b`, `--all-contexts`, the config's list, else
 * the current context): one LoadedKubeConfig per context, in order, each a private copy.
 */
export function loadKubeConfigs(request: {path?: string | undefined; selection: ContextSelectionRequest}): LoadedKubeConfig[] {
	const {kc, contexts} = readKubeConfig(request.path);
	const names = selectContextNames(contexts, kc.getCurrentContext() || null, request.selection);
	if (names.length === 1) return [selectContext(kc, names[0], contexts)];
	// Kubeconfigs collect contexts of clusters long gone: one of them must not stop the others from being watched.
	const loaded = names.map((name): LoadedKubeConfig => {
		try {
			return selectContext(kc, name, contexts);
		} catch (error) {
			if (!(error instanceof KubeConfigError)) throw error;
			const copy = new KubeConfigFile({clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: name});
			return {kc: copy, context: name, contexts, namespace: 'default', unusable: error.message};
		}
	});
	const unusable = loaded.filter(entry => entry.unusable !== undefined);
	if (unusable.length === loaded.length) {
		throw new KubeConfigError(`${unusable[0]!.unusable} (and no other context selected can be used)`);
	}
	return loaded;
}

/** The context names of a kubeconfig (--kubeconfig, else KUBECONFIG, else ~/.kube/config), in its order. */
export function kubeContextNames(path?: string): string[] {
	return readKubeConfig(path).contexts;
}

function readKubeConfig(path: string | undefined): {kc: KubeConfigLike; contexts: string[]} {
	let kc: KubeConfigLike;
	const source = path ?? process.env.KUBECONFIG;
	try {
		if (path !== undefined) {
			if (!existsSync(path)) throw new KubeConfigError(`kubeconfig ${path}: no such file`);
			kc = readKubeConfigFile(path);
		} else {
			kc = loadDefaultKubeConfig();
		}
	} catch (error) {
		if (error instanceof KubeConfigError) throw error;
		throw new KubeConfigError(`kubeconfig ${source ?? '~/.kube/config'}: ${errorText(error)}`);
	}
	const contexts = kc.getContexts().map(context => context.name);
	if (contexts.length === 0) {
		throw new KubeConfigError(`kubeconfig ${source ?? '~/.kube/config'}: no contexts defined (is the file empty?)`);
	}
	return {kc, contexts};
}

/** Switch a loaded kubeconfig to another context, checking it exists. */
export function selectContext(
	kc: KubeConfigLike,
	wanted: string | undefined,
	contexts = kc.getContexts().map(c => c.name),
): LoadedKubeConfig {
	const context = wanted ?? kc.getCurrentContext();
	if (!context) throw new KubeConfigError('kubeconfig has no current-context: pass --context NAME');
	const object = kc.getContextObject(context);
	if (!object) {
		throw new KubeConfigError(`unknown context "${context}" (known: ${contexts.join(', ')})`);
	}
	// A private copy per context: a session being stopped must never see another context's cluster.
	kc = new KubeConfigFile({clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: context});
	const cluster = kc.getCurrentCluster();
	if (!cluster) throw new KubeConfigError(`context "${context}" names cluster "${object.cluster}", which the kubeconfig does not define`);
	if (!cluster.server) throw new KubeConfigError(`context "${context}" names cluster "${cluster.name}", which has no server URL`);
	return {kc, context, contexts, namespace: object.namespace ?? 'default'};
}

/** The current cluster's server URL as printed: a user:password written into it is hidden. */
export function serverText(kc: KubeConfigLike): string {
	return redactCredentials(kc.getCurrentCluster()?.server ?? '?');
}

/**
 * What to tell a user whose credentials were rejected. We never run an
 * interactive login inside the TUI: we name the command instead.
 */
export function reloginHint(kc: KubeConfigLike): string {
	const user = kc.getCurrentUser();
	const exec = user?.exec as {command?: string; args?: string[]} | undefined;
	if (exec?.command) return `re-login: run \`${[exec.command, ...(exec.args ?? [])].join(' ')}\` in a shell`;
	if (user?.authProvider) return `re-login with your ${String((user.authProvider as {name?: string}).name ?? 'auth')} provider, then retry`;
	return `refresh the credentials of user "${user?.name ?? '?'}" in your kubeconfig (e.g. kubectl --context ${kc.getCurrentContext()} get ns)`;
}
