/** Which resource a diff is about; namespace is '' for cluster-scoped objects. */
export type DiffHeader = {kind: string; namespace: string; name: string};

/** One unified-diff hunk; `lines` start with ' ', '-' or '+'. Starts are 1-based (jsdiff's convention). */
export type Hunk = {
	oldStart: number;
	oldLines: number;
	newStart: number;
	newLines: number;
	lines: string[];
};

export type DiffChange = 'modified' | 'added' | 'removed' | 'unchanged';

export type ResourceDiff = {
	header: DiffHeader;
	/** 'added': only on the right (desired, missing live); 'removed': only on the left (live, would be pruned). */
	change: DiffChange;
	hunks: Hunk[];
	/**
	 * The full YAML of each side (already normalized and masked), for an external diff tool; '' for a missing side,
	 * and on both sides when the two objects are equal (nothing shows an unchanged object's text).
	 */
	leftText: string;
	rightText: string;
	/** Unified diff text with ---/+++ headers and @@ lines; '' when unchanged. */
	text(): string;
};

/** Identity of an object across Git, the cluster and controller inventories (version deliberately left out). */
export type ObjectRef = {group: string; kind: string; namespace: string; name: string};
