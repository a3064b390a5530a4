// HTTP layer (leaf): how long and how much of an answer is read. A socket idle timeout never
// trips on a body that drips (one byte every few seconds), so every read has a bound of its own.
const MiB = 1024 * 1024;

/**
 * The bounds on reading an answer (see callDeadline.ts and stallWatch.ts). A plain object so the
 * reliability tests can shrink them with `jest.replaceProperty` (dripAnswers.test.ts); nothing
 * shipped writes to it.
 */
export const ANSWER_BOUNDS = {
	/**
	 * Most bytes of an answer read whole (JSON, error texts). A synchronous answer or a result may
	 * carry the video inline as base64 (4 bytes per 3): 256 MiB holds a 190 MiB video, several
	 * times any Wan video, and stays well under V8's longest string (about 512 MiB), which the
	 * JSON text must fit in anyway.
	 */
	maxWholeBytes: 256 * MiB,
	/**
	 * A video body that moves fewer than `stallBytes` within `stallWindowMs` of waiting on the
	 * network is stalled (the download is then retried). 64 KiB a minute is about 8.7 kbit/s, far
	 * below any usable link, and a minute spans a long hiccup; a total time would be wrong here,
	 * since a 500 MB video may take minutes.
	 */
	stallBytes: 64 * 1024,
	stallWindowMs: 60_000,
	/** Every call's total deadline is its `timeoutMs` divided by this: 1, except in tests. */
	deadlineDivisor: 1,
};
