// The history entries a rollback can go to, newest first, named by commit where the repository can be read.
import {text, type JsonRecord} from '../../../util/json.js';
import type {ActionContext} from '../../../actions/provider-actions.js';
import type {ActionChoice} from '../../../actions/types.js';
import {hasRollbackSource, type ArgoAppFacts, type ArgoHistoryEntry} from './app-facts.js';
import {commitOf, shortRevision} from './revision-text.js';

/** The source a history entry deployed (the first one of a multi-source entry). */
export function entrySource(entry: ArgoHistoryEntry): JsonRecord | null {
	if (entry.source !== null && text(entry.source['repoURL']) !== '') return entry.source;
	return entry.sources[0] ?? null;
}

/** `<repoURL> <path or chart>` */
export function sourceText(source: JsonRecord | null): string {
	return [text(source?.['repoURL']), text(source?.['path']) || text(source?.['chart'])].filter(part => part !== '').join(' ');
}

export function entryRevision(entry: ArgoHistoryEntry): string {
	return entry.revision || entry.revisions[0] || '';
}

/** The entry that runs now: the newest one (history is stored oldest first). */
export function isCurrentEntry(facts: ArgoAppFacts, entry: ArgoHistoryEntry): boolean {
	return facts.history.at(-1)?.id === entry.id;
}

/** `#3 1a2b3c4 shop: raise replicas — Ada Lovelace, 2026-01-02T03:10:00Z (current)` */
export async function rollbackChoices(context: ActionContext, facts: ArgoAppFacts): Promise<ActionChoice[]> {
	const entries = facts.history.filter(hasRollbackSource).reverse();
	return Promise.all(
		entries.map(async entry => {
			const source = entrySource(entry);
			const revision = entryRevision(entry);
			const commit = await commitOf(context, source, revision);
			const who = [commit?.author, entry.deployedAt].filter(part => part !== undefined && part !== null && part !== '').join(', ');
			const current = isCurrentEntry(facts, entry);
			const label = [
				`#${entry.id}`,
				shortRevision(revision),
				commit?.subject ?? '',
				who === '' ? '' : `— ${who}`,
				current ? '(current)' : '',
			]
				.filter(part => part !== '')
				.join(' ');
			const where = sourceText(source);
			const detail = entry.sources.length > 1 ? `${where} (+${entry.sources.length - 1} more sources)` : where;
			return current ? {id: entry.id, label, detail, current} : {id: entry.id, label, detail};
		}),
	);
}
