// HTTP layer (leaf): the progress rule for a video body. A total time would end a large video on
// a slow but working link; an idle timeout never ends a drip. So: at least
// ANSWER_BOUNDS.stallBytes must arrive within each ANSWER_BOUNDS.stallWindowMs of waiting.
import { ANSWER_BOUNDS } from './answerBounds';
import { TransportFailure } from './transportFailure';

function stalled(): TransportFailure {
	const { stallBytes, stallWindowMs } = ANSWER_BOUNDS;
	return new TransportFailure(
		`Video transfer stalled (fewer than ${Math.round(stallBytes / 1024)} KiB arrived in ${stallWindowMs / 1000} s)`,
		'ETIMEDOUT',
		false,
	);
}

/** What a body's reader tells the watch; each call is a few arithmetic steps (one per chunk). */
export interface StallWatch {
	/** The reader wants bytes: from now on, time counts as waiting on the network. */
	waiting(): void;
	/** The reader is full (a slow binary store): time stops counting. */
	paused(): void;
	/** Bytes arrived. */
	moved(bytes: number): void;
	/** The body ended or failed: the watch lets go of its clock. */
	stop(): void;
}

/**
 * Calls `onStall` when fewer than `stallBytes` arrived within `stallWindowMs` of waiting (a
 * window starts with the watch and again each time that many arrived). Only time spent waiting
 * for the network counts: a slow binary store (backpressure) is not a stall. One clock per
 * window (AbortSignal.timeout: no timer of ours, and it does not hold the process open), so a
 * healthy transfer costs a timer a minute, not one a chunk.
 */
export function stallWatch(onStall: (failure: TransportFailure) => void): StallWatch {
	const { stallBytes, stallWindowMs } = ANSWER_BOUNDS;
	let moved = 0;
	let waited = 0;
	let waitingSince: number | undefined;
	let stopped = false;
	let clock: AbortSignal | undefined;
	const waitedNow = () => waited + (waitingSince === undefined ? 0 : Date.now() - waitingSince);
	const check = () => {
		if (stopped) return;
		const left = stallWindowMs - waitedNow();
		if (left <= 0) {
			stopped = true;
			onStall(stalled());
			return;
		}
		arm(left);
	};
	const arm = (ms: number) => {
		clock = AbortSignal.timeout(Math.max(1, Math.ceil(ms)));
		clock.addEventListener('abort', check, { once: true });
	};
	arm(stallWindowMs);
	return {
		waiting() {
			waitingSince ??= Date.now();
		},
		paused() {
			if (waitingSince === undefined) return;
			waited += Date.now() - waitingSince;
			waitingSince = undefined;
		},
		moved(bytes) {
			moved += bytes;
			if (moved < stallBytes) return;
			moved = 0;
			waited = 0;
			if (waitingSince !== undefined) waitingSince = Date.now();
		},
		stop() {
			stopped = true;
			clock?.removeEventListener('abort', check);
		},
	};
}
