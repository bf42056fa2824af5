// How the screen's rows are shared out. The frame must never be taller than
// the terminal: at most rows - 1 lines (the last row would trigger the
// bottom-right wrap quirk and full redraws).

export type ScreenLayout = {
	width: number;
	/** Lines the frame may use. */
	height: number;
	headerLines: number;
	/** Lines between header and footer. */
	bodyLines: number;
	footerLines: number;
};

const headerLineCount = 3;

/** `compactHeader`: only the header's first line (the context), leaving the rest to a dialog. */
export function screenLayout(columns: number, rows: number, hasFatal: boolean, compactHeader = false): ScreenLayout {
	const height = Math.max(1, rows - 1);
	const footerLines = height >= 2 ? 1 : 0;
	const wantedHeader = (compactHeader ? 1 : headerLineCount) + (hasFatal ? 1 : 0);
	// Give the body at least 3 lines before the header gets all it wants.
	const headerLines = Math.min(wantedHeader, Math.max(0, height - footerLines - 3));
	return {
		width: Math.max(1, columns),
		height,
		headerLines,
		bodyLines: Math.max(0, height - footerLines - headerLines),
		footerLines,
	};
}

/** Rows of apps under the list's column-heading line. */
export function listRows(layout: ScreenLayout): number {
	return Math.max(0, layout.bodyLines - 1);
}

/** Scrollable lines on detail/help, under their fixed title line. */
export function scrollRows(layout: ScreenLayout): number {
	return Math.max(0, layout.bodyLines - 1);
}
