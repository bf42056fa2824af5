/** Thrown by the Mutator of a read-only session before anything is sent. */
export class ReadonlyError extends Error {
	override name = 'ReadonlyError';
}
