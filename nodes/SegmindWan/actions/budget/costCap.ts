/**
 * "Max Cost per Run": what the run has committed so far, in micro-dollars. `reserve` checks and
 * adds in one synchronous step, so items running concurrently can never both take the last
 * room under the cap: an item counts from the moment it is admitted, whatever it then costs.
 */
export class CostCap {
	private committed = 0;
	private readonly items: number[] = [];

	constructor(readonly capMicros: number) {}

	/** Adds the item's worst case if it fits under the cap; false (nothing added) if it does not. */
	reserve(itemIndex: number, worstCaseMicros: number): boolean {
		if (this.committed + worstCaseMicros > this.capMicros) return false;
		this.committed += worstCaseMicros;
		this.items.push(itemIndex);
		return true;
	}

	get committedMicros(): number {
		return this.committed;
	}

	/** The items admitted so far, in the order they were admitted. */
	get committedItems(): readonly number[] {
		return this.items;
	}
}
