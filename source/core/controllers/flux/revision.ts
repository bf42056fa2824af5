// Flux revision strings:
//   Git        main@sha1:<hex>, v1.2.3@sha1:<hex>, refs/pull/1/head@sha1:<hex>,
//              sha1:<hex> (commit only), main@sha256:<hex>, legacy main/<hex>
//   OCI        <tag>@sha256:<hex>
//   Helm repo  sha256:<hex>
//   HelmChart  the chart version: 6.3.5 (OCI-sourced releases: 1.2.3+<12 hex>)

type ParsedRevision = {
	/** Branch, tag or chart version; '' for digest-only revisions. */
	pointer: string;
	algorithm: string;
	/** Lower-case hex digest; '' when the revision has none (chart versions). */
	hash: string;
};

const digestPattern = /^([a-z0-9]+):([0-9a-f]+)$/i;
const legacyPattern = /^(.+)\/([0-9a-f]{40,128})$/i;

export function parseRevision(revision: string): ParsedRevision {
	const atSign = revision.lastIndexOf('@');
	const pointer = atSign >= 0 ? revision.slice(0, atSign) : '';
	const rest = atSign >= 0 ? revision.slice(atSign + 1) : revision;
	const digest = digestPattern.exec(rest);
	if (digest !== null) {
		return {pointer, algorithm: digest[1]!.toLowerCase(), hash: digest[2]!.toLowerCase()};
	}
	const legacy = atSign < 0 ? legacyPattern.exec(revision) : null;
	if (legacy !== null) return {pointer: legacy[1]!, algorithm: '', hash: legacy[2]!.toLowerCase()};
	return {pointer: revision, algorithm: '', hash: ''};
}

/**
 * Same content: equal digests when both name one (so the legacy `main/<sha>`
 * matches `main@sha1:<sha>`), else equal strings.
 */
export function sameRevision(a: string, b: string): boolean {
	if (a === b) return true;
	const left = parseRevision(a);
	const right = parseRevision(b);
	return left.hash !== '' && left.hash === right.hash;
}

/**
 * Whether the deployed chart is the one the source offers. HelmChart artifacts
 * carry the chart version; OCIRepository artifacts `<tag>@sha256:<digest>`,
 * which the release records as ociDigest or as a `+<digest prefix>` suffix.
 */
export function chartMatches(chartVersion: string, ociDigest: string, artifactRevision: string): boolean {
	if (chartVersion === '' || artifactRevision === '') return false;
	if (chartVersion === artifactRevision) return true;
	const artifact = parseRevision(artifactRevision);
	if (artifact.hash === '') return false;
	if (ociDigest !== '') return parseRevision(ociDigest).hash === artifact.hash;
	const plus = chartVersion.lastIndexOf('+');
	const suffix = plus >= 0 ? chartVersion.slice(plus + 1).toLowerCase() : '';
	if (/^[0-9a-f]{7,}$/.test(suffix)) return artifact.hash.startsWith(suffix);
	return chartVersion === artifact.pointer;
}

/**
 * The revision a Kustomization's objects are at. kustomize-controller sets lastAppliedRevision only once the health
 * checks pass; when they fail (Ready=False, HealthCheckFailed) the apply of lastAttemptedRevision has already
 * happened — the inventory is already that revision's — so that is what runs, not the older lastAppliedRevision.
 */
export function kustomizationDeployedRevision(
	lastAppliedRevision: string,
	lastAttemptedRevision: string,
	ready: {status: string; reason: string} | undefined,
): string {
	const healthCheckFailed = ready?.status === 'False' && ready.reason === 'HealthCheckFailed';
	return healthCheckFailed && lastAttemptedRevision !== '' ? lastAttemptedRevision : lastAppliedRevision;
}
