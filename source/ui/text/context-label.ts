// How a kube context is named wherever an action could touch it: a production context is loud in colour and
// carries a [PROD] marker, so it stands out with NO_COLOR, in ASCII mode and in a screenshot alike.
import type {Segment} from '../components/line.js';

export const productionMarker = '[PROD]';

/** The context name; in production loud, and with the marker unless the line already starts with it. */
export function contextSegment(name: string, production: boolean, marker = true): Segment {
	if (!production) return {text: name, tone: 'context'};
	return {text: marker ? `${productionMarker} ${name}` : name, tone: 'production'};
}
