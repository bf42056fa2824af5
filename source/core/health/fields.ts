// Tolerant readers for plain Kubernetes JSON. Missing or mistyped fields read as
// Go's zero values, because the rules we port were written against typed Go structs.
import type {HealthStatus} from '../apps/model.js';
import type {ResourceHealth} from '../apps/detail.js';

export function num(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A number, or undefined when absent (Go `*int32` fields such as spec.replicas). */
export function optionalNum(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

export function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function record(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function health(status: HealthStatus, message = ''): ResourceHealth {
	return {status, message};
}

/** Go's `%q` for the plain names Kubernetes allows. */
export function quote(value: string): string {
	return JSON.stringify(value);
}
