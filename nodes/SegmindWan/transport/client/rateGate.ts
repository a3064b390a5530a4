// Client layer (leaf): the 429 gate that all items of one run share.
/**
 * One gate per node execution, shared by all items: when Segmind answers 429 to any of them,
 * every item holds its next call until the wait is over, instead of each hammering the API.
 */
export class RateGate {
	private openAt = 0;

	/** Keep the gate shut for `ms` from now (a longer earlier block wins). */
	block(ms: number): void {
		this.openAt = Math.max(this.openAt, Date.now() + ms);
	}

	/** Milliseconds until calls may go out again. */
	remainingMs(): number {
		return Math.max(0, this.openAt - Date.now());
	}
}
