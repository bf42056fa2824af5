// Waiting for the controller's answer to an action that was sent, for callers outside the TUI (`--wait`): the
// same progress the TUI's rows show (ActionProgressTracker, fed by the monitor's watches), read from the store.
import type {ActionProgress} from '../actions/progress-types.js';
import type {Monitor} from './monitor.js';

export type ActionAnswer =
	| {outcome: 'succeeded' | 'failed'; message: string}
	/** Nothing final within the time given; `message` is the last progress seen ('' when none). */
	| {outcome: 'timeout'; message: string};

type AwaitOptions = {
	/** Give up after this long (wall time since the call). */
	timeoutMs: number;
	/** Each new progress message while waiting (the controller's operation message…), once each. */
	onProgress?: (progress: ActionProgress) => void;
};

/**
 * Resolves once the action started with `monitor.runAction` for `appId` succeeded or failed, as its controller
 * answered, or with 'timeout'. The monitor must watch (not a one-shot listing) or the answer never comes.
 */
export function awaitActionAnswer(monitor: Pick<Monitor, 'store'>, appId: string, options: AwaitOptions): Promise<ActionAnswer> {
	return new Promise(resolve => {
		let lastMessage: string | null = null;
		let timer: NodeJS.Timeout | undefined;
		let unsubscribe = () => {};
		const finish = (answer: ActionAnswer) => {
			clearTimeout(timer);
			unsubscribe();
			resolve(answer);
		};
		const look = (): boolean => {
			const progress = monitor.store.getSnapshot().actions?.[appId];
			if (!progress) return false;
			if (progress.phase === 'succeeded' || progress.phase === 'failed') {
				finish({outcome: progress.phase, message: progress.message});
				return true;
			}
			if (progress.message !== '' && progress.message !== lastMessage) {
				lastMessage = progress.message;
				options.onProgress?.(progress);
			}
			return false;
		};
		if (look()) return;
		unsubscribe = monitor.store.subscribe(() => {
			look();
		});
		timer = setTimeout(() => finish({outcome: 'timeout', message: lastMessage ?? ''}), options.timeoutMs);
	});
}
