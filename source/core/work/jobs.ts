// What the worker thread does: each job's input and output travel by structured clone.
import {compareObjectsData, type CompareOptions} from '../diff/drift-compare.js';
import type {ResourceDiffData} from '../diff/unified.js';
import type {KubeObject} from '../kube/resource-type.js';
import {parseManifestNow, type ParseResult} from '../render/parse-yaml.js';

export type OffThreadJobs = {
	parseManifest: {input: {text: string; file: string}; output: ParseResult};
	compareObjects: {input: {predicted: KubeObject | null; live: KubeObject | null; options: CompareOptions}; output: ResourceDiffData};
};

export const jobs: {[K in keyof OffThreadJobs]: (input: OffThreadJobs[K]['input']) => OffThreadJobs[K]['output']} = {
	parseManifest: ({text, file}) => parseManifestNow(text, file),
	compareObjects: ({predicted, live, options}) => compareObjectsData(predicted, live, options),
};
