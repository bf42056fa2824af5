// The command line: parsed (meow), checked, and handed to the subcommand, each loaded on demand.
// Imported by source/cli.tsx once it is clear that more than the version is asked for.
import meow from 'meow';
import {actionSubcommands, commandLineProblem, runReportingErrors, type ActionSubcommand, type Subcommand} from './dispatch.js';
import {flags} from './flags.js';
import {colorWanted, findUnknownFlag, localeIsUtf8, parseDuration, timeoutFlag} from './options.js';
import {endQuietlyWhenReaderCloses, fail, problem} from './output.js';
import {packageMetadata} from './version.js';

for (const stream of [process.stdout, process.stderr]) endQuietlyWhenReaderCloses(stream);

const cli = meow(
	`
	Usage
	  $ driftwatch [flags]              live TUI on the current kube context
	  $ driftwatch status [--json]      print every app once; exit 0 all fine, 1 not, 2 error
	  $ driftwatch diff APP             show how APP differs from Git; exit 0 none, 1 drift, 2 error
	  $ driftwatch tree APP [--json]    APP's resources and the Pods, ReplicaSets, Jobs they own, as a tree;
	                                    exit 0 all healthy, 1 not (or a kind may not be listed), 2 error
	  $ driftwatch events APP [--json]  Kubernetes events of APP's object and resources, newest first,
	                                    repeats collapsed; exit 0 read, 2 error (forbidden: says so)
	  $ driftwatch timeline [APP] [--since 1h] [--json]
	                                    what changed, newest first: commits on APP's path, syncs and who
	                                    started them, Warning events, driftwatch's actions; exit 0, 2 error
	  $ driftwatch logs APP             a container's log of APP's failing pod (or --resource KIND/NAME's);
	                                    -c C, -p/--previous, --tail N (default 200, -1 all), -f follow,
	                                    --controller: the controller's lines about APP; exit 0 read,
	                                    1 no log (no pods, pod on no node), 2 error (forbidden…)
	  $ driftwatch demo                 the TUI on a seeded sandbox cluster with a simulated controller;
	                                    --clusters N: N clusters (prod-eu, prod-us, staging…) in one view
	  $ driftwatch sandbox [--empty]    run the sandbox API server headless; prints its kubeconfig path;
	                                    --clusters N: N servers, one kubeconfig with a context each
	  $ driftwatch sync APP             apply APP from Git (--prune/--no-prune; Git apps: server-side apply)
	  $ driftwatch refresh APP          Argo CD: compare with Git again (--hard: regenerate manifests)
	  $ driftwatch rollback APP --to X  Argo CD: history id; Flux/Git apps: commit SHA (without --to: lists targets)
	  $ driftwatch suspend|resume APP   Flux: stop/start reconciling
	  $ driftwatch reconcile APP        Flux: reconcile the source, then the app
	  $ driftwatch terminate APP        Argo CD: terminate the running operation (none running: exit 2)
	  $ driftwatch log [--json]         the audit log of actions ($XDG_STATE_HOME/driftwatch/audit.log;
	                                    --file PATH: another one, such as the demo's, named when it exits)
	  $ driftwatch version              driftwatch's and Node.js's version (also --version)
	  $ driftwatch completion SHELL     print a completion script for bash, zsh or fish, e.g.
	                                    source <(driftwatch completion bash)

	  Actions print the plan on stderr and ask "Proceed? type yes:" (not a terminal: add --yes).
	  They return once the API server accepted the request; the controller acts on it later.
	  With --wait they return once the controller answered (Argo CD: the operation ended; Flux: the
	  reconcile was handled and Ready says how; suspend/resume: the app shows it), printing its progress
	  on stderr, as argocd app wait and flux reconcile do; --timeout bounds the wait (default 5m).
	  Exit 0 done, 1 the action failed, 2 refused, read-only, forbidden, a usage error or --wait timed out.

	Flags
	  --kubeconfig PATH      kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
	  --context NAME         kube context (default: the kubeconfig's current-context); several, watched
	                         together in one list: --context prod-eu,prod-us (globs too: 'prod-*')
	  --all-contexts         every context in the kubeconfig, in one list (or list them under contexts: in the config)
	  --config PATH          driftwatch.yaml with Git apps (default ./driftwatch.yaml, then $XDG_CONFIG_HOME/driftwatch/config.yaml)
	  -n, --namespace NS     apps whose object (Application, Kustomization, HelmRelease) is in NS, not the apps
	                         that deploy into NS (the TUI's :into); Git apps: their namespace. Default: all
	  -A, --all-namespaces   all namespaces you may list (the default, stated explicitly)
	  --json                 status, tree: print JSON
	  --names                status: print only the apps' names, one a line (what completion offers for APP)
	  --no-color             no colour (also when NO_COLOR is set)
	  --ascii                ASCII glyphs and borders only (automatic when the locale is not UTF-8)
	  --port N               sandbox: listen on this port (default: a free one)
	  --empty                sandbox: no CRDs, no objects
	  --write-kubeconfig P   sandbox: write the kubeconfig here
	  --clusters N           demo, sandbox: N sandbox clusters, each its own estate (default 1, at most 10)
	  --yes                  actions: confirm without asking
	  --readonly             no actions: the TUI hides them, subcommands refuse them; nothing is written (as readonly: true in the config)
	  --prune, --no-prune    sync/rollback: delete objects no longer in Git (Git apps: only if the app enables prune)
	  --hard                 refresh: hard refresh
	  --to ID|REV            rollback: Argo CD history id, or a commit SHA (Flux, Git apps)
	  --timeout DURATION     give up after this long without progress, e.g. 90s, 2m, 1h
	                         (default: 15s for the cluster, 2m for comparisons with Git; with --wait also
	                         the longest wait for the controller, default 5m)
	  --wait                 actions: wait until the controller answered (exit 0 done, 1 failed, 2 timeout)
	  --file PATH            log: read this audit log (the demo prints its own when it exits)
	  --since DURATION       timeline: only what changed in this last while, e.g. 30m, 1h
	  --resource KIND/NAME   logs: a Pod or workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) of APP;
	                         KIND/NAMESPACE/NAME too; default: APP's failing pod
	  -c, --container C      logs: the container (default: the one restarting, else the first)
	  -p, --previous         logs: the previous, terminated instance (a crash loop's last crash)
	  --tail N               logs: lines from the end (default 200; -1: all)
	  -f, --follow           logs: keep printing new lines (reconnects after a broken stream, saying so)
	  --controller           logs: the controller's own lines about APP (Argo CD application-controller;
	                         Flux kustomize-/helm-controller and source-controller)

	APP is NAME, NAMESPACE/NAME or KIND/NAMESPACE/NAME (KIND: Application/app, Kustomization/ks, HelmRelease/hr, Git/git).

	Environment
	  DRIFTWATCH_DIFF        diff: run this tool on the LIVE and MERGED directories instead of printing
	                         (else KUBECTL_EXTERNAL_DIFF), e.g. "diff -u -N" or "meld"; in the TUI (x)
	                         a tool that prints is paged with PAGER (else less -R); editors/windows
	                         (vimdiff, meld…) get the terminal
	  DRIFTWATCH_DIFF_INTERACTIVE  1: the tool is interactive (gets the terminal), 0: it prints (paged)
`,
	{
		importMeta: import.meta,
		// Given, so meow does not look for a package.json above this file on every start (nor in the wrong place:
		// in the standalone binary this file is not on disk).
		pkg: packageMetadata(),
		allowUnknownFlags: true,
		// --version is the version subcommand's: it names Node.js's version too.
		autoVersion: false,
		// Booleans without a default stay undefined when absent (--prune vs --no-prune vs neither).
		booleanDefault: undefined,
		flags,
	},
);

// meow answers --help only when it is the only argument; -h is what most people type first, and `sandbox --help`
// must print the help, never start a server (or `status --help` read a cluster, or either start the TUI).
const beforeDoubleDash = process.argv.slice(2).indexOf('--');
const flagWords = process.argv.slice(2, beforeDoubleDash === -1 ? undefined : 2 + beforeDoubleDash);
// `driftwatch help`, as kubectl, flux and argocd take it.
if (flagWords.includes('-h') || flagWords.includes('--help') || cli.input[0] === 'help') cli.showHelp(0);

const unknownFlag = findUnknownFlag(process.argv.slice(2), Object.keys(flags), ['n', 'A', 'h', 'c', 'p', 'f']);
if (unknownFlag) {
	problem(`unknown flag ${unknownFlag} (try --help)`);
	process.exit(2);
}

const words = cli.flags.version ? ['version'] : cli.input.map(String);
const [name = 'tui', ...positional] = words;
const commandLine = commandLineProblem(words);
if (commandLine) {
	problem(commandLine);
	process.exit(2);
}

const parsed = cli.flags;
const timeout = timeoutFlag(parsed.timeout);
if ('error' in timeout) {
	problem(timeout.error);
	process.exit(2);
}
const cluster = {
	kubeconfig: parsed.kubeconfig,
	context: parsed.context,
	allContexts: parsed.allContexts,
	namespace: parsed.allNamespaces ? undefined : parsed.namespace,
	config: parsed.config,
	timeoutMs: timeout.ms,
};
const display = {color: colorWanted(parsed.color), ascii: parsed.ascii || !localeIsUtf8()};

// Loaded on demand: `status` never pays for Ink, the TUI never for the sandbox.
const commands: Record<Subcommand, () => Promise<number>> = {
	tui: async () => (await import('./tui.js')).runMonitorTui({...cluster, ...display, readonly: parsed.readonly}),
	status: async () => (await import('./status.js')).runStatus({...cluster, json: parsed.json, names: parsed.names, ascii: display.ascii}),
	diff: async () => (await import('./diff.js')).runDiff({...cluster, app: positional[0]!, color: display.color}),
	tree: async () => (await import('./tree.js')).runTree({...cluster, app: positional[0]!, json: parsed.json, ascii: display.ascii}),
	events: async () => (await import('./events.js')).runEvents({...cluster, app: positional[0]!, json: parsed.json, color: display.color}),
	timeline: async () => {
		const since = parsed.since === undefined ? undefined : parseDuration(parsed.since);
		if (since === null) return fail(`--since wants a duration such as 30m or 1h, not "${parsed.since}"`);
		return (await import('./timeline.js')).runTimeline({
			...cluster,
			app: positional[0],
			sinceMs: since,
			json: parsed.json,
			color: display.color,
		});
	},
	logs: async () =>
		(await import('./logs.js')).runLogs({
			...cluster,
			app: positional[0]!,
			resource: parsed.resource,
			container: parsed.container,
			previous: parsed.previous,
			tail: parsed.tail,
			follow: parsed.follow,
			controller: parsed.controller,
		}),
	sandbox: async () => {
		const clusters = (await import('./clusters-flag.js')).clustersFlag(parsed.clusters);
		if ('error' in clusters) return fail(clusters.error);
		return (await import('./sandbox.js')).runSandbox({
			port: parsed.port,
			empty: parsed.empty,
			writeKubeconfig: parsed.writeKubeconfig,
			clusters: clusters.count,
		});
	},
	demo: async () => {
		const clusters = (await import('./clusters-flag.js')).clustersFlag(parsed.clusters);
		if ('error' in clusters) return fail(clusters.error);
		return (await import('./demo.js')).runDemo({...display, readonly: parsed.readonly, clusters: clusters.count});
	},
	...(Object.fromEntries(actionSubcommands.map(command => [command, () => runActionCommand(command)])) as Record<
		ActionSubcommand,
		() => Promise<number>
	>),
	log: async () => (await import('./log.js')).runLog({json: parsed.json, file: parsed.file}),
	version: async () => (await import('./version.js')).runVersion(),
	completion: async () => (await import('./completion.js')).runCompletion(positional[0]!),
};

async function runActionCommand(command: ActionSubcommand): Promise<number> {
	const {runAction} = await import('./action.js');
	return runAction({
		...cluster,
		command,
		app: positional[0]!,
		yes: parsed.yes,
		readonly: parsed.readonly,
		prune: parsed.prune,
		hard: parsed.hard,
		to: parsed.to,
		wait: parsed.wait,
		waitTimeoutMs: cluster.timeoutMs,
	});
}

process.exitCode = await runReportingErrors(commands[name as Subcommand]);
