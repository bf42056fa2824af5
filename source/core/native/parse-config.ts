import {isAbsolute, join, resolve} from 'node:path';
import {isMap, isSeq, LineCounter, parseDocument} from 'yaml';
import {
	ConfigError,
	defaultConfig,
	type ContextRule,
	type ContextSettings,
	type DriftwatchConfig,
	type NativeAppConfig,
} from './config-types.js';
import {YamlReader, type YamlNode} from './yaml-reader.js';
import {yamlProblem} from '../render/parse-yaml.js';
import {notifyModes, type NotifyMode} from '../notify/terminal-signals.js';

type ParseConfigOptions = {
	/** How errors name the file ('driftwatch.yaml', an absolute path). */
	file: string;
	/** Relative local repo paths resolve against this (the config file's directory). */
	baseDir: string;
	home: string;
};

const topKeys = ['apps', 'gitPollSeconds', 'gitTimeoutSeconds', 'contexts', 'prodPattern', 'notify'];
const appKeys = ['name', 'repo', 'branch', 'path', 'namespace', 'context', 'prune'];
const requiredAppKeys = ['name', 'repo', 'branch', 'path', 'namespace'];
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Parses and validates the config text; throws ConfigError naming file and line. */
export function parseConfig(text: string, options: ParseConfigOptions): DriftwatchConfig {
	const lines = new LineCounter();
	const doc = parseDocument(text, {lineCounter: lines});
	const syntax = doc.errors[0];
	if (syntax) {
		const problem = yamlProblem(syntax.message);
		throw new ConfigError(options.file, syntax.linePos?.[0].line ?? null, problem);
	}
	const config = defaultConfig();
	const reader = new YamlReader(options.file, doc, lines);
	if (doc.contents === null || doc.contents === undefined) return config;
	const top = reader.map(doc.contents, 1, 'the top level');
	for (const {key, pair, line} of reader.entries(top, 'the top level')) {
		if (key === 'apps') config.apps = readApps(reader, pair.value, line, options);
		else if (key === 'gitPollSeconds') {
			config.gitPollSeconds = reader.number(pair.value, line, 'gitPollSeconds');
			if (config.gitPollSeconds < 1) reader.fail(pair.value, line, 'gitPollSeconds must be at least 1');
		} else if (key === 'gitTimeoutSeconds') {
			config.gitTimeoutSeconds = reader.number(pair.value, line, 'gitTimeoutSeconds');
			if (config.gitTimeoutSeconds < 1) reader.fail(pair.value, line, 'gitTimeoutSeconds must be at least 1');
		} else if (key === 'contexts') {
			if (isSeq(reader.resolve(pair.value))) config.watchContexts = readContextList(reader, pair.value, line);
			else config.contexts = readContexts(reader, pair.value, line);
		} else if (key === 'prodPattern') config.prodPattern = reader.string(pair.value, line, 'prodPattern');
		else if (key === 'notify') {
			const mode = reader.string(pair.value, line, 'notify');
			if (!(notifyModes as readonly string[]).includes(mode))
				reader.fail(pair.value, line, `notify must be one of ${notifyModes.join(', ')} (got "${mode}")`);
			config.notify = mode as NotifyMode;
		} else reader.fail(pair.key, line, unknownKey(key, '', topKeys));
	}
	return config;
}

const labelValue = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function readApps(reader: YamlReader, node: YamlNode, line: number, options: ParseConfigOptions): NativeAppConfig[] {
	if (reader.isEmpty(node)) return [];
	const apps: NativeAppConfig[] = [];
	const seen = new Map<string, number>();
	reader.seq(node, line, 'apps').items.forEach((item, index) => {
		const app = readApp(reader, item, reader.lineOf(item, line), `apps[${index}]`, options);
		const identity = `${app.context ?? ''}\0${app.namespace}\0${app.name}`;
		const first = seen.get(identity);
		if (first !== undefined) {
			reader.fail(
				item,
				app.line,
				`apps[${index}] duplicates apps[${first}]: same context, namespace and name (${app.namespace}/${app.name})`,
			);
		}
		seen.set(identity, index);
		apps.push(app);
	});
	return apps;
}

function readApp(reader: YamlReader, node: YamlNode, line: number, where: string, options: ParseConfigOptions): NativeAppConfig {
	const map = reader.map(node, line, where);
	const fields = new Map<string, {value: YamlNode; line: number}>();
	for (const {key, pair, line: keyLine} of reader.entries(map, where)) {
		if (!appKeys.includes(key)) reader.fail(pair.key, keyLine, unknownKey(key, `${where}.`, appKeys));
		fields.set(key, {value: pair.value, line: keyLine});
	}
	for (const key of requiredAppKeys) if (!fields.has(key)) reader.fail(map, line, `${where}.${key} is required`);
	const text = (key: string) => {
		const field = fields.get(key)!;
		return reader.string(field.value, field.line, `${where}.${key}`);
	};
	const name = text('name');
	// The name is the value of the tracking label on every object the app applies: a label value's rules.
	if (!labelValue.test(name)) {
		reader.fail(
			fields.get('name')!.value,
			fields.get('name')!.line,
			`${where}.name must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
		);
	}
	const namespace = text('namespace');
	if (!dnsLabel.test(namespace))
		reader.fail(
			fields.get('namespace')!.value,
			fields.get('namespace')!.line,
			`${where}.namespace must be a valid namespace name (lowercase letters, digits, '-')`,
		);
	const path = normalizePath(text('path'));
	if (path === null)
		reader.fail(
			fields.get('path')!.value,
			fields.get('path')!.line,
			`${where}.path must be a directory inside the repository (relative, no '..')`,
		);
	const context = fields.has('context') ? text('context') : null;
	const prune = fields.has('prune') ? reader.boolean(fields.get('prune')!.value, fields.get('prune')!.line, `${where}.prune`) : false;
	return {
		name,
		repo: resolveRepo(text('repo'), options.baseDir, options.home),
		branch: text('branch'),
		path,
		namespace,
		context,
		prune,
		line,
	};
}

function readContexts(reader: YamlReader, node: YamlNode, line: number): Record<string, ContextSettings> {
	const contexts: Record<string, ContextSettings> = {};
	if (reader.isEmpty(node)) return contexts;
	for (const {key: name, pair, line: nameLine} of reader.entries(reader.map(node, line, 'contexts'), 'contexts')) {
		const where = `contexts.${name}`;
		const settings: ContextSettings = {readonly: false};
		const fields = reader.isEmpty(pair.value) ? [] : reader.entries(reader.map(pair.value, nameLine, where), where);
		for (const {key, pair: setting, line: keyLine} of fields) {
			if (key === 'readonly') settings.readonly = reader.boolean(setting.value, keyLine, `${where}.readonly`);
			else reader.fail(setting.key, keyLine, unknownKey(key, `${where}.`, ['readonly']));
		}
		contexts[name] = settings;
	}
	return contexts;
}

/**
 * `contexts:` as a list: `- prod-eu`, `- 'staging-*'`, or `- {name: prod-eu, readonly: true}` (`pattern:` for a
 * glob, though a name with `*` or `?` is one too).
 */
function readContextList(reader: YamlReader, node: YamlNode, line: number): ContextRule[] {
	return reader.seq(node, line, 'contexts').items.map((item, index) => {
		const where = `contexts[${index}]`;
		const itemLine = reader.lineOf(item, line);
		if (!isMap(reader.resolve(item)))
			return {pattern: reader.string(item, itemLine, `${where} (a context name or pattern)`), readonly: false};
		const rule: ContextRule = {pattern: '', readonly: false};
		for (const {key, pair, line: keyLine} of reader.entries(reader.map(item, itemLine, where), where)) {
			if (key === 'name' || key === 'pattern') {
				if (rule.pattern) reader.fail(pair.key, keyLine, `${where} has both name and pattern: give one`);
				rule.pattern = reader.string(pair.value, keyLine, `${where}.${key}`);
			} else if (key === 'readonly') rule.readonly = reader.boolean(pair.value, keyLine, `${where}.readonly`);
			else reader.fail(pair.key, keyLine, unknownKey(key, `${where}.`, ['name', 'pattern', 'readonly']));
		}
		if (!rule.pattern) reader.fail(item, itemLine, `${where}.name (or pattern) is required`);
		return rule;
	});
}

function unknownKey(key: string, prefix: string, known: readonly string[]): string {
	return `unknown key ${prefix}${key} (expected one of: ${known.join(', ')})`;
}

/** 'apps/web/' → 'apps/web', './' → '.'; null when absolute or leaving the repository. */
function normalizePath(path: string): string | null {
	if (path.startsWith('/')) return null;
	const parts = path.split('/').filter(part => part !== '' && part !== '.');
	if (parts.includes('..')) return null;
	return parts.length === 0 ? '.' : parts.join('/');
}

/** Git's own rule: a scheme (https://, ssh://, file://) or a colon before the first slash (git@host:org/repo). */
function isRemoteRepo(repo: string): boolean {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) return true;
	const colon = repo.indexOf(':');
	const slash = repo.indexOf('/');
	return colon > 0 && (slash < 0 || colon < slash);
}

/** Remote URLs stay as written; local paths become absolute (relative to the config file's directory, `~/` to home). */
function resolveRepo(repo: string, baseDir: string, home: string): string {
	if (isRemoteRepo(repo)) return repo;
	if (repo === '~' || repo.startsWith('~/')) return join(home, repo.slice(1));
	return isAbsolute(repo) ? repo : resolve(baseDir, repo);
}
