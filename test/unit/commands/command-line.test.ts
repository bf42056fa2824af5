import assert from 'node:assert/strict';
import {test} from 'node:test';
import {commandLineProblem, positionalArguments, subcommands} from '../../../source/commands/dispatch.js';

test('every subcommand given one argument too many says what it takes, never "unknown command"', () => {
	for (const name of subcommands) {
		const wanted = positionalArguments[name];
		const {usage} = wanted;
		// An optional APP (timeline) is at most one argument.
		const count = wanted.count === 'optional' ? 1 : wanted.count;
		const words = [name, ...Array.from({length: count + 1}, (_, index) => `extra${index}`)];
		const problem = commandLineProblem(words);
		assert.ok(problem, `${words.join(' ')} is refused`);
		assert.doesNotMatch(problem, /unknown command/, problem);
		assert.ok(problem.startsWith(`${name} takes `), problem);
		assert.ok(problem.endsWith(`usage: ${usage}`), problem);
		assert.equal(commandLineProblem(words.slice(0, count + 1)), null, `${name} with ${count} argument(s) fits`);
	}
});

test('a subcommand that takes APP (completion: SHELL), given none, says it needs APP', () => {
	for (const name of subcommands) {
		const wanted = positionalArguments[name];
		if (wanted.count === 0) continue;
		if (wanted.count === 'optional') {
			assert.equal(commandLineProblem([name]), null, `${name} without APP fits`);
			continue;
		}
		assert.equal(wanted.argument, name === 'completion' ? 'SHELL' : 'APP');
		assert.match(commandLineProblem([name]) ?? '', new RegExp(`^${name} needs ${wanted.argument}; usage: `));
	}
});

test('a word that is no subcommand is an unknown command; nothing at all is the TUI', () => {
	assert.equal(commandLineProblem(['stauts']), 'unknown command "stauts" (try --help)');
	assert.equal(commandLineProblem([]), null);
});
