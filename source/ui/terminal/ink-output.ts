// Ink's Output class, which draws each frame. Ink's package exports only its index, so from the sources the module is
// found beside that index; the build (scripts/build.mjs) resolves this file to a static import of the same module, so
// the bundle wraps the very class it draws with instead of looking for a node_modules/ink an installed package lacks.
export function importInkOutput(): Promise<{default?: unknown}> {
	return import(new URL('./output.js', import.meta.resolve('ink')).href) as Promise<{default?: unknown}>;
}
