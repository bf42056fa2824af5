// How a kube context is named wherever an action could touch it: a production context is loud in colour and
// carries a [PROD] marker, so it stands out with NO_COLOR, in ASCII mode and in a screenshot alike.
import type {Segment} from '../components/line.js';

export const productionMarker = '[PROD]';

/** The context name; in production loud, and with the marker unless the line already starts with it. */
export function contextSegment(name: string, production: boolean, marker = true): Segment {
	if (!production) return {text: name, tone: 'context'};
	return {text: marker ? `${productionMarker} ${name}` : name, tone: 'production'};
}

/**
 * Short names for the CONTEXT column, by context: cloud context names are long and alike
 * (`arn:aws:eks:eu-west-1:1234:cluster/prod-eu`, `gke_acme_europe-west1_prod-eu`), and what tells them apart is
 * the last part. Each context keeps its last part after '/', ':', '_' or '@' while those stay distinct, else
 * its whole name (the column then cuts it with an ellipsis).
 */
export function contextLabels(names: readonly string[]): Map<string, string> {
	const last = names.map(
		name =>
			name
				.split(/[/:_@]/)
				.filter(part => part !== '')
				.at(-1) ?? name,
	);
	const distinct = new Set(last).size === names.length;
	return new Map(names.map((name, index) => [name, distinct ? last[index]! : name]));
}
