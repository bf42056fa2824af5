// What the subcommands receive from the CLI flags.

export type ClusterFlags = {
	kubeconfig?: string | undefined;
	context?: string | undefined;
	/** -n; undefined = all namespaces the user may list. */
	namespace?: string | undefined;
	/** --config: driftwatch.yaml with native apps; undefined = ./driftwatch.yaml, then $XDG_CONFIG_HOME/driftwatch/config.yaml. */
	config?: string | undefined;
};

export type DisplayFlags = {
	color: boolean;
	ascii: boolean;
};

/** ASCII glyphs unless the locale says UTF-8 (a bare C locale on a bastion cannot draw ✓). */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return /utf-?8/i.test(locale);
}

export function colorWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
	return flag && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}
