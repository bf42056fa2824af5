import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';

// The layering rules of source/: core is the engine and knows nothing of the terminal UI, the commands, the demo or
// the sandbox; the parts of core form a graph without folder-level cycles, so any part can be read (and tested)
// from the bottom up. These checks read the import statements themselves, so a new file is covered the day it lands.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sourceRoot = path.join(root, 'source');

type Import = {file: string; specifier: string; target: string};

function sourceFiles(directory: string): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) files.push(...sourceFiles(full));
		else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
	}
	return files;
}

/** Source text without comments, so an import written in a comment does not count. Strings stay as they are. */
function withoutComments(text: string): string {
	return text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier of a file: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function importSpecifiers(text: string): string[] {
	const code = withoutComments(text);
	const patterns = [
		/\b(?:import|export)\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	const found: string[] = [];
	for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
	return found;
}

/** The absolute file (or bare package name) an import points at. */
function importTarget(file: string, specifier: string): string {
	if (!specifier.startsWith('.')) return specifier;
	return path.resolve(path.dirname(file), specifier).replace(/\.js$/, '');
}

function importsOf(files: string[]): Import[] {
	return files.flatMap(file =>
		importSpecifiers(readFileSync(file, 'utf8')).map(specifier => ({
			file,
			specifier,
			target: importTarget(file, specifier),
		})),
	);
}

const coreRoot = path.join(sourceRoot, 'core');

/** core/<folder> for a path under source/core (a file directly in core is its own part); undefined outside core. */
function corePart(target: string): string | undefined {
	const relative = path.relative(coreRoot, target);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
	const [first] = relative.split(path.sep);
	return `core/${first!.replace(/\.(ts|tsx)$/, '')}`;
}

function isUnder(target: string, folder: string): boolean {
	const relative = path.relative(path.join(sourceRoot, folder), target);
	return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function describeImport({file, specifier}: Import): string {
	return `${path.relative(root, file)} imports '${specifier}'`;
}

/** The first cycle found in a directed graph, as its nodes in order with the first repeated at the end. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (node: string): string[] | undefined => {
		state.set(node, 'open');
		stack.push(node);
		for (const next of [...(graph.get(node) ?? [])].sort()) {
			if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
			if (!state.has(next)) {
				const cycle = visit(next);
				if (cycle) return cycle;
			}
		}
		stack.pop();
		state.set(node, 'done');
		return undefined;
	};
	for (const node of [...graph.keys()].sort()) {
		if (state.has(node)) continue;
		const cycle = visit(node);
		if (cycle) return cycle;
	}
	return undefined;
}

const coreImports = importsOf(sourceFiles(coreRoot));

describe('import graph of source/', () => {
	test('the import reader sees every form of import', () => {
		const text = [
			"import {a} from './a.js';",
			"import type {B} from './b.js';",
			'import {\n\tc,\n\td,\n} from "./c.js";',
			"export {e} from './e.js';",
			"export * from './f.js';",
			"import './g.js';",
			"const h = await import('./h.js');",
			"// import {x} from './commented.js';",
			"/* import {y} from './block.js'; */",
		].join('\n');
		assert.deepEqual(importSpecifiers(text).sort(), ['./a.js', './b.js', './c.js', './e.js', './f.js', './g.js', './h.js']);
	});

	test('the cycle finder names a cycle, and finds none in a layered graph', () => {
		const graph = (edges: string[]) => {
			const result = new Map<string, Set<string>>();
			for (const edge of edges) {
				const [from, to] = edge.split(' ') as [string, string];
				result.set(from, (result.get(from) ?? new Set()).add(to));
			}
			return result;
		};
		assert.deepEqual(findCycle(graph(['a b', 'b c', 'c b', 'c d'])), ['b', 'c', 'b']);
		assert.equal(findCycle(graph(['a b', 'a c', 'b c', 'c d'])), undefined);
	});

	test('the parts of source/core import each other without a cycle', () => {
		const graph = new Map<string, Set<string>>();
		const witness = new Map<string, Import>();
		for (const entry of coreImports) {
			const from = corePart(entry.file)!;
			const to = corePart(entry.target);
			if (!to || to === from) continue;
			if (!graph.has(from)) graph.set(from, new Set());
			graph.get(from)!.add(to);
			if (!witness.has(`${from} ${to}`)) witness.set(`${from} ${to}`, entry);
		}
		const cycle = findCycle(graph);
		if (cycle) {
			const edges = cycle.slice(1).map((to, index) => `  ${describeImport(witness.get(`${cycle[index]} ${to}`)!)}`);
			assert.fail(`import cycle ${cycle.join(' → ')}:\n${edges.join('\n')}`);
		}
	});

	test('the engine parts below the monitor do not import the monitor', () => {
		const below = ['git', 'drift', 'actions', 'diff', 'render', 'desired'].map(name => `core/${name}`);
		const offending = coreImports.filter(entry => below.includes(corePart(entry.file)!) && corePart(entry.target) === 'core/monitor');
		assert.deepEqual(offending.map(describeImport), []);
	});

	test('source/core imports nothing of the UI, the commands, the demo, the sandbox, Ink or React', () => {
		const outside = ['ui', 'commands', 'demo', 'sandbox'];
		const offending = coreImports.filter(
			entry =>
				outside.some(folder => isUnder(entry.target, folder)) ||
				/^(ink|react)(\/|$)/.test(entry.specifier) ||
				entry.target === path.join(sourceRoot, 'cli'),
		);
		assert.deepEqual(offending.map(describeImport), []);
	});

	test('source/ui imports nothing of the demo or the sandbox', () => {
		const offending = importsOf(sourceFiles(path.join(sourceRoot, 'ui'))).filter(
			entry => isUnder(entry.target, 'demo') || isUnder(entry.target, 'sandbox'),
		);
		assert.deepEqual(offending.map(describeImport), []);
	});
});
