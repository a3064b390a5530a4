// HTTP layer (leaf): one call's total deadline, headers and body. n8n's `timeout` is a socket
// idle timeout, which a body dripping a byte every few seconds never trips.
import { ANSWER_BOUNDS } from './answerBounds';
import { safeHost, TransportFailure } from './transportFailure';

export interface CallDeadline {
	/** Aborted when the execution is cancelled, or at the deadline (unless released). */
	signal: AbortSignal;
	/** The deadline passed (rather than a cancel): a failure then is a timeout. */
	expired(): boolean;
	/** What a call cut at the deadline fails with. */
	failure(): TransportFailure;
	/** From now on the body is destroyed with failure() at the deadline: readers see it at once. */
	watch(body: unknown): void;
	/** A video body is read under the stall rule instead (stallWatch.ts): the deadline lets go. */
	release(): void;
	/** The call is over: its listeners leave the execution's (shared, long-lived) cancel signal. */
	done(): void;
}

function seconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Destroys a Node stream with `error`; pending reads reject with it. */
function destroyWith(body: unknown, error: Error): void {
	const stream = body as { destroy?: (error?: Error) => unknown; destroyed?: boolean } | undefined;
	if (stream && typeof stream.destroy === 'function' && !stream.destroyed) stream.destroy(error);
}

/**
 * A deadline `timeoutMs` (divided by ANSWER_BOUNDS.deadlineDivisor, 1 outside tests) from now.
 * Its signal goes to n8n's request helper (the headers), and the body it watches is destroyed
 * when it passes (the body): no timer of our own, AbortSignal.timeout is the clock.
 */
export function callDeadline(
	cancel: AbortSignal | undefined,
	timeoutMs: number,
	url: string,
): CallDeadline {
	const ms = Math.max(1, Math.ceil(timeoutMs / ANSWER_BOUNDS.deadlineDivisor));
	const controller = new AbortController();
	const clock = AbortSignal.timeout(ms);
	let expired = false;
	let released = false;
	let body: unknown;
	const failure = () =>
		new TransportFailure(
			`Request to ${safeHost(url)} timed out (no complete answer within ${seconds(ms)})`,
			'ETIMEDOUT',
			false,
		);
	const onCancel = () => controller.abort(cancel?.reason);
	const onExpiry = () => {
		if (released) return;
		expired = true;
		// The body first, with our words: the helper's own abort would end it as "canceled".
		destroyWith(body, failure());
		controller.abort(failure());
	};
	if (cancel?.aborted) controller.abort(cancel.reason);
	else cancel?.addEventListener('abort', onCancel, { once: true });
	clock.addEventListener('abort', onExpiry, { once: true });
	return {
		signal: controller.signal,
		expired: () => expired,
		failure,
		watch(next) {
			body = next;
			// Nobody may be reading when the deadline destroys it: an 'error' with no listener
			// would crash the process. Readers still get the error through their own listeners.
			const stream = next as { on?: (event: string, listener: () => void) => unknown };
			if (typeof stream?.on === 'function') stream.on('error', () => undefined);
			if (expired) destroyWith(next, failure());
		},
		release() {
			released = true;
			clock.removeEventListener('abort', onExpiry);
		},
		done() {
			cancel?.removeEventListener('abort', onCancel);
			clock.removeEventListener('abort', onExpiry);
		},
	};
}
