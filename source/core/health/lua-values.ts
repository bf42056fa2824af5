// Argo CD ships some built-in checks as Lua scripts. Where such a script would stop with a runtime
// error (joining a missing field into a message, reading a field of a missing table), Argo CD reports
// Unknown with the error; these helpers raise the same failure, which resourceHealth turns into Unknown.

/** A value a script joins into a message with `..`: Lua refuses nil. */
export function joinable(value: unknown, field: string): string {
	if (value === undefined || value === null) throw new Error(`health check cannot build its message: ${field} is missing`);
	return typeof value === 'string' ? value : String(value);
}

/** A table a script indexes: Lua refuses to index nil. */
export function indexable(value: unknown, field: string): Record<string, any> {
	if (value === undefined || value === null) throw new Error(`health check cannot read ${field}: it is missing`);
	return value as Record<string, any>;
}

/** Lua's `x ~= nil` for a decoded JSON value. */
export function present(value: unknown): boolean {
	return value !== undefined && value !== null;
}
