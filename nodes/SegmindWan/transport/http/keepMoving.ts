// HTTP layer (leaf): the progress rule for a video body. A total time would end a large video on
// a slow but working link; an idle timeout never ends a drip. So: at least
// ANSWER_BOUNDS.stallBytes must arrive within each ANSWER_BOUNDS.stallWindowMs of waiting.
import { ANSWER_BOUNDS } from './answerBounds';
import { TransportFailure } from './transportFailure';

const TICK = Symbol('tick');

/** `pending`, or TICK when `clock` fires first; the listener is removed either way. */
async function raceClock<T>(pending: Promise<T>, clock: AbortSignal): Promise<T | typeof TICK> {
	if (clock.aborted) return TICK;
	let onTick = () => {};
	const ticked = new Promise<typeof TICK>((resolve) => {
		onTick = () => resolve(TICK);
		clock.addEventListener('abort', onTick, { once: true });
	});
	try {
		return await Promise.race([pending, ticked]);
	} finally {
		clock.removeEventListener('abort', onTick);
	}
}

function stalled(): TransportFailure {
	const { stallBytes, stallWindowMs } = ANSWER_BOUNDS;
	return new TransportFailure(
		`Video transfer stalled (fewer than ${Math.round(stallBytes / 1024)} KiB arrived in ${stallWindowMs / 1000} s)`,
		'ETIMEDOUT',
		false,
	);
}

/**
 * The body's chunks, failing as stalled when fewer than `stallBytes` arrived within
 * `stallWindowMs` (a window starts with the body and again each time that many arrived). Only
 * time spent waiting for the network counts: a slow binary store (backpressure) is not a stall.
 * A stalled body is destroyed, so the connection is dropped.
 */
export async function* keepMoving(body: AsyncIterable<Buffer | string>) {
	const { stallBytes, stallWindowMs } = ANSWER_BOUNDS;
	const iterator = body[Symbol.asyncIterator]();
	let waited = 0;
	let moved = 0;
	let clock = AbortSignal.timeout(stallWindowMs);
	let failed = false;
	try {
		for (;;) {
			const pending = iterator.next();
			const startedAt = Date.now();
			let next: IteratorResult<Buffer | string> | typeof TICK;
			for (;;) {
				next = await raceClock(pending, clock).catch(async (error: unknown) => {
					failed = true;
					return await Promise.reject(error);
				});
				if (next !== TICK) break;
				const left = stallWindowMs - waited - (Date.now() - startedAt);
				if (left <= 0) {
					failed = true;
					pending.catch(() => undefined);
					(body as { destroy?: () => unknown }).destroy?.();
					throw stalled();
				}
				clock = AbortSignal.timeout(left);
			}
			waited += Date.now() - startedAt;
			if (next.done) return;
			moved += next.value.length;
			if (moved >= stallBytes) {
				moved = 0;
				waited = 0;
			}
			yield next.value;
		}
	} finally {
		// As for-await: a source that failed is not asked to return; one left early is.
		if (!failed) await iterator.return?.();
	}
}
