/** A malformed box inside `moov`: the reader turns it into a "facts unavailable" reason. */
export class Mp4FormatError extends Error {}

export interface Box {
	type: string;
	/** offset of the box's payload (after its header) in the buffer */
	start: number;
	/** offset just past the box */
	end: number;
}

/**
 * How many boxes one parse may read: the byte cap bounds memory, this bounds work (a moov of
 * millions of empty boxes would otherwise hold the event loop for seconds).
 */
export class BoxBudget {
	used = 0;

	constructor(readonly limit: number) {}

	spend(): void {
		this.used += 1;
		if (this.used > this.limit)
			throw new Mp4FormatError(`the moov box holds more than ${this.limit} boxes`);
	}
}

/** Bounds-checked big-endian reads over one in-memory buffer (the `moov` box). */
export class BoxView {
	private readonly view: DataView;

	constructor(
		readonly bytes: Uint8Array,
		private readonly budget = new BoxBudget(Infinity),
	) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	private check(offset: number, length: number, end: number): void {
		if (offset < 0 || offset + length > end) {
			throw new Mp4FormatError(`a box field at byte ${offset} runs past its box`);
		}
	}

	u8(offset: number, end: number): number {
		this.check(offset, 1, end);
		return this.view.getUint8(offset);
	}

	u16(offset: number, end: number): number {
		this.check(offset, 2, end);
		return this.view.getUint16(offset);
	}

	u32(offset: number, end: number): number {
		this.check(offset, 4, end);
		return this.view.getUint32(offset);
	}

	/** 64-bit unsigned as a number (exact below 2^53, far above any real file or duration). */
	u64(offset: number, end: number): number {
		return this.u32(offset, end) * 2 ** 32 + this.u32(offset + 4, end);
	}

	/** Signed 16.16 fixed point (tkhd matrix entries). */
	fixed16(offset: number, end: number): number {
		this.check(offset, 4, end);
		return this.view.getInt32(offset) / 65536;
	}

	fourCc(offset: number, end: number): string {
		this.check(offset, 4, end);
		return String.fromCharCode(...this.bytes.subarray(offset, offset + 4));
	}

	/** The boxes directly inside [start, end): 32-bit, 64-bit (size 1) and to-the-end (size 0) sizes. */
	children(start: number, end: number): Box[] {
		const boxes: Box[] = [];
		let offset = start;
		while (offset + 8 <= end) {
			let size = this.u32(offset, end);
			const type = this.fourCc(offset + 4, end);
			let header = 8;
			if (size === 1) {
				size = this.u64(offset + 8, end);
				header = 16;
			} else if (size === 0) {
				size = end - offset;
			}
			if (size < header || offset + size > end) {
				throw new Mp4FormatError(`box "${type}" at byte ${offset} has an impossible size ${size}`);
			}
			this.budget.spend();
			boxes.push({ type, start: offset + header, end: offset + size });
			offset += size;
		}
		return boxes;
	}
}
