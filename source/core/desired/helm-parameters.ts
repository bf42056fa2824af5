// Argo CD passes spec.source.helm.parameters to `helm template` as `--set name=value` (or --set-string with
// forceString), after the values files and inline values: here they are folded into the inline values instead,
// since --set is a deep override of the merged values.

export type HelmParameter = {name: string; value: string; forceString: boolean};

type Step = {key: string} | {index: number};

/** `a.b\.c[0].d` → a, b.c, [0], d; null when the name is not a path helm accepts. */
function parsePath(name: string): Step[] | null {
	const steps: Step[] = [];
	let key = '';
	let keyOpen = false;
	for (let i = 0; i < name.length; i++) {
		const char = name[i]!;
		if (char === '\\' && i + 1 < name.length) {
			key += name[++i];
			keyOpen = true;
		} else if (char === '.') {
			if (keyOpen) steps.push({key});
			else if (steps.length === 0 || 'key' in steps.at(-1)!) return null;
			key = '';
			keyOpen = false;
		} else if (char === '[') {
			const close = name.indexOf(']', i);
			const index = close < 0 ? Number.NaN : Number(name.slice(i + 1, close));
			if (!Number.isSafeInteger(index) || index < 0 || index > 65_535) return null;
			if (keyOpen) steps.push({key});
			else if (steps.length === 0) return null;
			steps.push({index});
			key = '';
			keyOpen = false;
			i = close;
		} else {
			key += char;
			keyOpen = true;
		}
	}
	if (keyOpen) steps.push({key});
	else if (steps.length === 0 || 'key' in steps.at(-1)!) return null;
	return steps;
}

/** Helm's --set typing: true/false/null and integers without a leading zero are typed, the rest are strings. */
function typedValue(value: string): unknown {
	if (/^true$/i.test(value)) return true;
	if (/^false$/i.test(value)) return false;
	if (/^null$/i.test(value)) return null;
	if (/^-?(0|[1-9]\d*)$/.test(value)) {
		const number = Number(value);
		if (Number.isSafeInteger(number)) return number;
	}
	return value;
}

/** `{a,b}` is helm's list syntax, which Argo CD leaves unescaped; any other comma is literal. */
function parameterValue(parameter: HelmParameter): unknown {
	if (parameter.forceString) return parameter.value;
	const list = /^\{(.*)\}$/s.exec(parameter.value);
	if (list) return list[1] === '' ? [] : list[1]!.split(',').map(typedValue);
	return typedValue(parameter.value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(root: Record<string, unknown>, steps: Step[], value: unknown): void {
	let container: Record<string, unknown> | unknown[] = root;
	for (let i = 0; i < steps.length; i++) {
		const step = steps[i]!;
		const last = i === steps.length - 1;
		const next = steps[i + 1];
		const slot = 'key' in step ? step.key : step.index;
		const read = (): unknown =>
			Array.isArray(container) ? container[slot as number] : (container as Record<string, unknown>)[slot as string];
		const write = (child: unknown) => {
			if (Array.isArray(container)) {
				// Helm pads a list set past its end with nulls.
				while (container.length < (slot as number)) container.push(null);
				container[slot as number] = child;
			} else container[slot as string] = child;
		};
		if (last) {
			write(value);
			return;
		}
		const existing = read();
		const wantsList = next !== undefined && 'index' in next;
		let child: Record<string, unknown> | unknown[];
		if (wantsList) child = Array.isArray(existing) ? [...existing] : [];
		else child = isRecord(existing) ? {...existing} : {};
		write(child);
		container = child;
	}
}

/**
 * The inline values with every parameter set on top (copies; `values` is not changed), or the name of the
 * first parameter whose path cannot be read.
 */
export function applyHelmParameters(
	values: Record<string, unknown>,
	parameters: readonly HelmParameter[],
): {ok: true; values: Record<string, unknown>} | {ok: false; name: string} {
	const result: Record<string, unknown> = {...values};
	for (const parameter of parameters) {
		const steps = parsePath(parameter.name);
		if (!steps || !('key' in steps[0]!)) return {ok: false, name: parameter.name};
		setPath(result, steps, parameterValue(parameter));
	}
	return {ok: true, values: result};
}
