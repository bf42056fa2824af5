// The action dialog over the list or detail, and the diff of its plan opened with `d`.
import type {MonitorSnapshot} from '../../core/monitor/monitor.js';
import {dialogTop, hasUnreadLines, type ConfirmState} from '../state/confirm-dialog.js';
import type {UiSettings} from '../style/ui-context.js';
import {confirmTitle, planDiffEmptyLines, planDiffTitle, type ConfirmInput, type ConfirmView} from '../text/confirm-lines.js';
import {buildDiffModel, type DiffModel} from '../text/diff-lines.js';
import {topOf} from '../state/diff-nav.js';
import {DetailScreen} from './detail-screen.js';
import {DiffScreen} from './diff-screen.js';

export function confirmInput(confirm: ConfirmState, snapshot: MonitorSnapshot, width: number, settings: UiSettings): ConfirmInput {
	// Several contexts watched: the row's own context, named first and loud when it is production.
	const own = snapshot.watched?.find(context => context.name === confirm.app.context);
	return {
		confirm,
		context: own ? own.name : snapshot.context,
		production: own ? own.production : snapshot.production === true,
		width,
		glyphs: settings.glyphs,
		ascii: settings.ascii,
	};
}

type ScreenSize = {width: number; height: number; rows: number};

/** The dialog; its title says when more of it is below the screen (y runs only once all was shown). */
export function ConfirmScreen(props: {view: ConfirmView; confirm: ConfirmState; size: ScreenSize; settings: UiSettings}) {
	const {view, confirm, size} = props;
	const scroll = dialogTop(confirm, view.selected, view.lines.length, size.rows);
	return (
		<DetailScreen
			title={confirmTitle(view.title, hasUnreadLines(scroll, view.lines.length, size.rows), size.width, props.settings.glyphs)}
			lines={view.lines}
			scroll={scroll}
			selected={view.selected}
			width={size.width}
			height={size.height}
		/>
	);
}

/** What the planned action would change; "computing…" until the report arrives. */
export function PlanDiffScreen(props: {input: ConfirmInput; model: DiffModel | null; size: ScreenSize}) {
	const {input, size} = props;
	const confirm = input.confirm;
	const model = props.model ?? buildDiffModel(null, false);
	const top = props.model && confirm.diff ? topOf(props.model, confirm.diff.cursor) : 0;
	return (
		<DiffScreen
			title={planDiffTitle(input)}
			model={model}
			empty={model.lines.length === 0 ? planDiffEmptyLines(confirm, input.ascii) : null}
			top={top}
			width={size.width}
			height={size.height}
		/>
	);
}
