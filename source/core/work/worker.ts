// The worker thread's entry: runs the jobs the main thread posts, one at a time, and answers each by id.
import {parentPort} from 'node:worker_threads';
import {jobs, type OffThreadJobs} from './jobs.js';
import {errorText} from '../text/error-text.js';

type Request = {id: number; job: keyof OffThreadJobs; input: never};

parentPort?.on('message', ({id, job, input}: Request) => {
	try {
		parentPort!.postMessage({id, ok: true, output: jobs[job](input)});
	} catch (error) {
		parentPort!.postMessage({id, ok: false, message: errorText(error, {multiline: true})});
	}
});
