// `driftwatch completion bash|zsh|fish`: a script the shell sources, as kubectl, argocd and flux print theirs.
// Subcommands and flags are written into it; APP names are asked at completion time from
// `driftwatch status --names` on the cluster the command line names (--kubeconfig, --context, -n, --config),
// with a short --timeout and stderr dropped, so an unreachable cluster completes nothing instead of hanging.
import {positionalArguments, type Subcommand} from './dispatch.js';
import {dashed, flagHelp, type FlagName} from './flags.js';
import {problem, stdout} from './output.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/** What each subcommand does, in a few words (zsh and fish show them beside the names). */
const subcommandHelp: Record<Exclude<Subcommand, 'tui'>, string> = {
	status: 'print every app once',
	diff: 'show how APP differs from Git',
	tree: "show APP's resources and what they own as a tree",
	logs: "a container's log of APP's failing pod",
	events: "the Kubernetes events of APP's object and resources",
	timeline: 'what changed: commits, syncs, warnings, actions',
	demo: 'the TUI on a seeded sandbox cluster',
	sandbox: 'run the sandbox API server headless',
	sync: 'apply APP from Git',
	refresh: 'Argo CD: compare with Git again',
	rollback: 'roll APP back',
	suspend: 'Flux: stop reconciling',
	resume: 'Flux: start reconciling',
	reconcile: 'Flux: reconcile the source, then the app',
	terminate: 'Argo CD: terminate the running operation',
	log: 'the audit log of actions',
	version: "driftwatch's and Node.js's version",
	completion: 'print a shell completion script',
};

/** Subcommands whose one argument is an APP. */
const appSubcommands = (Object.keys(positionalArguments) as Subcommand[]).filter(name => {
	const wanted = positionalArguments[name];
	return (wanted.count === 1 || wanted.count === 'optional') && wanted.argument === 'APP';
});

/** Flags that pick the cluster and config: passed on to `status --names` so it lists the apps of that cluster. */
const clusterFlags = ['--kubeconfig', '--context', '--namespace', '-n', '--config'];
const namesTimeout = '5s';

type FlagSpelling = {long: string; short?: string; description: string; value?: 'file' | 'word'};

function flagSpellings(): FlagSpelling[] {
	return (Object.entries(flagHelp) as Array<[FlagName, (typeof flagHelp)[FlagName]]>).flatMap(([name, help]) => {
		const short = name === 'namespace' ? 'n' : name === 'allNamespaces' ? 'A' : undefined;
		const main: FlagSpelling = {
			long: dashed(name),
			description: help.description,
			...(short && {short}),
			...(help.value && {value: help.value}),
		};
		return help.negatable ? [main, {long: `no-${dashed(name)}`, description: `no ${help.description}`}] : [main];
	});
}

const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function completionScript(shell: Shell): string {
	const spellings = flagSpellings();
	const subcommands = Object.keys(subcommandHelp);
	const valueFlags = spellings.filter(flag => flag.value).flatMap(flag => [`--${flag.long}`, ...(flag.short ? [`-${flag.short}`] : [])]);
	const fileFlags = spellings.filter(flag => flag.value === 'file').map(flag => `--${flag.long}`);
	const allFlags = [...spellings.map(flag => `--${flag.long}`), '-n', '-A', '--help'];
	if (shell === 'bash') return bashScript({subcommands, allFlags, valueFlags, fileFlags});
	if (shell === 'zsh') return zshScript({spellings, valueFlags, fileFlags});
	return fishScript(spellings);
}

type ScriptParts = {subcommands: string[]; allFlags: string[]; valueFlags: string[]; fileFlags: string[]};

function bashScript({subcommands, allFlags, valueFlags, fileFlags}: ScriptParts): string {
	return `# driftwatch completion for bash. Load it in this shell:  source <(driftwatch completion bash)
# or for every shell:  driftwatch completion bash > ~/.local/share/bash-completion/completions/driftwatch
_driftwatch() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
	COMPREPLY=()
	case "$prev" in
		${fileFlags.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		${valueFlags.filter(flag => !fileFlags.includes(flag)).join('|')}) return ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W ${quoted(allFlags.join(' '))} -- "$cur"))
		return
	fi
	# The subcommand is the first word that is neither a flag nor a flag's value; the cluster flags go to status --names.
	local i word command="" arguments=0 cluster=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		word="\${COMP_WORDS[i]}"
		case "$word" in
			${clusterFlags.join('|')}) cluster+=("$word" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
			${valueFlags.filter(flag => !clusterFlags.includes(flag)).join('|')}) ((i++)) ;;
			-*) ;;
			*) if [[ -z "$command" ]]; then command="$word"; else ((arguments++)); fi ;;
		esac
	done
	if [[ -z "$command" ]]; then
		COMPREPLY=($(compgen -W ${quoted(subcommands.join(' '))} -- "$cur"))
		return
	fi
	((arguments == 0)) || return
	case "$command" in
		${appSubcommands.join('|')})
			local IFS=$'\\n'
			COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" status --names --timeout ${namesTimeout} "\${cluster[@]}" 2>/dev/null)" -- "$cur")) ;;
		completion) COMPREPLY=($(compgen -W ${quoted(shells.join(' '))} -- "$cur")) ;;
	esac
}
complete -o default -F _driftwatch driftwatch
`;
}

function zshScript({spellings, valueFlags, fileFlags}: {spellings: FlagSpelling[]; valueFlags: string[]; fileFlags: string[]}): string {
	const described = (entries: Array<[string, string]>) =>
		entries.map(([name, text]) => quoted(`${name.replaceAll(':', '\\:')}:${text}`)).join(' ');
	const flagEntries: Array<[string, string]> = [
		...spellings.map(flag => [`--${flag.long}`, flag.description] as [string, string]),
		['-n', 'apps whose object is in this namespace'],
		['-A', 'all namespaces you may list'],
		['--help', 'usage'],
	];
	return `#compdef driftwatch
# driftwatch completion for zsh. Load it in this shell:  source <(driftwatch completion zsh)
# or for every shell: driftwatch completion zsh > "\${fpath[1]}/_driftwatch"
_driftwatch() {
	local -a subcommands flags cluster
	subcommands=(${described(Object.entries(subcommandHelp))})
	flags=(${described(flagEntries)})
	case "\${words[CURRENT-1]}" in
		${fileFlags.join('|')}) _files; return ;;
		${valueFlags.filter(flag => !fileFlags.includes(flag)).join('|')}) return ;;
	esac
	if [[ "\${words[CURRENT]}" == -* ]]; then
		_describe -t flags 'flag' flags
		return
	fi
	local i word command="" arguments=0
	for ((i = 2; i < CURRENT; i++)); do
		word="\${words[i]}"
		case "$word" in
			${clusterFlags.join('|')}) cluster+=("$word" "\${words[i+1]}"); ((i++)) ;;
			${valueFlags.filter(flag => !clusterFlags.includes(flag)).join('|')}) ((i++)) ;;
			-*) ;;
			*) if [[ -z "$command" ]]; then command="$word"; else ((arguments++)); fi ;;
		esac
	done
	if [[ -z "$command" ]]; then
		_describe -t commands 'driftwatch command' subcommands
		return
	fi
	((arguments == 0)) || return
	case "$command" in
		${appSubcommands.join('|')})
			local -a apps
			apps=(\${(f)"$("\${words[1]}" status --names --timeout ${namesTimeout} "\${cluster[@]}" 2>/dev/null)"})
			compadd -a apps ;;
		completion) compadd ${shells.join(' ')} ;;
	esac
}
if [[ "\${funcstack[1]}" == _driftwatch ]]; then
	_driftwatch "$@"
else
	compdef _driftwatch driftwatch
fi
`;
}

function fishScript(spellings: FlagSpelling[]): string {
	const lines = [
		'# driftwatch completion for fish. Load it in this shell:  driftwatch completion fish | source',
		'# or for every shell:  driftwatch completion fish > ~/.config/fish/completions/driftwatch.fish',
		'complete -c driftwatch -f',
		...Object.entries(subcommandHelp).map(
			([name, text]) => `complete -c driftwatch -n __fish_use_subcommand -a ${name} -d ${quoted(text)}`,
		),
		...spellings.map(flag => {
			const short = flag.short ? ` -s ${flag.short}` : '';
			const value = flag.value === 'file' ? ' -r -F' : flag.value === 'word' ? ' -x' : '';
			return `complete -c driftwatch${short} -l ${flag.long}${value} -d ${quoted(flag.description)}`;
		}),
		`complete -c driftwatch -n '__fish_seen_subcommand_from completion' -a ${quoted(shells.join(' '))}`,
		`complete -c driftwatch -n '__fish_seen_subcommand_from ${appSubcommands.join(' ')}' -a '(__driftwatch_apps)'`,
		'# The apps of the cluster the command line names, from a cheap status; nothing when it does not answer.',
		'function __driftwatch_apps',
		'\tset -l words (commandline -opc)',
		'\tset -l cluster',
		'\tfor i in (seq 2 (count $words))',
		`\t\tif contains -- $words[$i] ${clusterFlags.join(' ')}; and test $i -lt (count $words)`,
		'\t\t\tset -a cluster $words[$i] $words[(math $i + 1)]',
		'\t\tend',
		'\tend',
		`\t$words[1] status --names --timeout ${namesTimeout} $cluster 2>/dev/null`,
		'end',
	];
	return `${lines.join('\n')}\n`;
}

export function runCompletion(shell: string): number {
	if (!(shells as readonly string[]).includes(shell)) {
		problem(`no completion for "${shell}": driftwatch completion ${shells.join('|')}`);
		return 2;
	}
	stdout.text(completionScript(shell as Shell));
	return 0;
}
