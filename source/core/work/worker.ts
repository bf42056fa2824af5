// The worker thread's entry: runs the jobs the main thread posts (util/off-thread.ts), one at a time, and answers
// each by id. Each job's input and output travel by structured clone.
import {parentPort} from 'node:worker_threads';
import {compareObjectsData, type CompareOptions} from '../diff/drift-compare.js';
import type {ResourceDiffData} from '../diff/unified.js';
import type {KubeObject} from '../kube/resource-type.js';
import {parseManifestNow, type ParseResult} from '../render/parse-yaml.js';
import {errorText} from '../util/error-text.js';
import type {OffThreadJobs} from '../util/off-thread.js';

declare module '../util/off-thread.js' {
	interface OffThreadJobs {
		parseManifest: {input: {text: string; file: string}; output: ParseResult};
		compareObjects: {input: {predicted: KubeObject | null; live: KubeObject | null; options: CompareOptions}; output: ResourceDiffData};
	}
}

const jobs: {[K in keyof OffThreadJobs]: (input: OffThreadJobs[K]['input']) => OffThreadJobs[K]['output']} = {
	parseManifest: ({text, file}) => parseManifestNow(text, file),
	compareObjects: ({predicted, live, options}) => compareObjectsData(predicted, live, options),
};

type Request = {id: number; job: keyof OffThreadJobs; input: never};

parentPort?.on('message', ({id, job, input}: Request) => {
	try {
		parentPort!.postMessage({id, ok: true, output: jobs[job](input)});
	} catch (error) {
		parentPort!.postMessage({id, ok: false, message: errorText(error, {multiline: true})});
	}
});
