/**
 * Size of the blocks handed to n8n's binary storage. Its filesystem store runs
 * `fs.promises.writeFile(path, stream)`, one awaited write per chunk it is given: 64 KiB
 * socket chunks cost a thread-pool round trip each, 1 MiB blocks sixteen times fewer.
 */
export const STORAGE_BLOCK_BYTES = 1024 * 1024;

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
			const copied = chunk.copy(block, used, offset, Math.min(chunk.length, offset + blockBytes - used));
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
