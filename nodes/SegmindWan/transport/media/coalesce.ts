/**
 * Size of the blocks handed to n8n's binary storage. Its filesystem store runs
 * `fs.promises.writeFile(path, stream)`, one awaited write per chunk it is given: 64 KiB
 * socket chunks cost a thread-pool round trip each, 512 KiB blocks eight times fewer.
 * 512 KiB is also the most writeFile writes at once, so bigger blocks save no write (1 MiB
 * was no faster in a short probe). Each block is a fresh buffer, alive across its write: this
 * costs peak RSS (see BENCHMARKS.md, memory), so blocks stay this small.
 */
export const STORAGE_BLOCK_BYTES = 512 * 1024;

/**
 * Merges a byte stream's chunks into blocks of `blockBytes` (the last one shorter). Memory stays
 * at one block being filled; each yielded block is a fresh buffer the consumer owns.
 */
export async function* coalesce(
	source: AsyncIterable<Buffer>,
	blockBytes: number = STORAGE_BLOCK_BYTES,
): AsyncGenerator<Buffer> {
	let block = Buffer.allocUnsafe(blockBytes);
	let used = 0;
	for await (const chunk of source) {
		let offset = 0;
		while (offset < chunk.length) {
			const copied = chunk.copy(
				block,
				used,
				offset,
				Math.min(chunk.length, offset + blockBytes - used),
			);
			used += copied;
			offset += copied;
			if (used === blockBytes) {
				yield block;
				block = Buffer.allocUnsafe(blockBytes);
				used = 0;
			}
		}
	}
	if (used > 0) yield block.subarray(0, used);
}
