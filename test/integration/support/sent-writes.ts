// What a test counts as a write in the sandbox's request log: every request but reads and access reviews. A
// SelfSubjectAccessReview is a POST, but the server only answers it: nothing is stored, nothing changes.
import type {RecordedRequest} from '../../../source/sandbox/sandbox.js';

const accessReviews = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

export function isAccessReview(request: RecordedRequest): boolean {
	return request.method === 'POST' && request.path === accessReviews;
}

/** 'METHOD path' of each request that could change something (dry runs included: they are writes too). */
export function writesSent(requests: readonly RecordedRequest[]): string[] {
	return requests
		.filter(request => request.method !== 'GET' && !isAccessReview(request))
		.map(request => `${request.method} ${request.path}`);
}
