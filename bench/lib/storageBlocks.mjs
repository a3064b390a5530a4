// The 512 KiB storage blocks issue 13 tried and removed: socket chunks copied into fixed-size
// blocks before n8n's binary storage, so its filesystem store (one awaited write per chunk) makes
// fewer writes. Kept here so every bench run re-measures what they would cost and buy
// (BENCHMARKS.md, "Storage blocks").
import * as path from 'node:path';

import { BUILD_DIR, require } from './common.mjs';

export const REMOVED_BLOCK_BYTES = 512 * 1024;

/** Merges a byte stream's chunks into fresh blocks of `blockBytes` (the last one shorter). */
export async function* mergeIntoBlocks(source, blockBytes) {
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

/**
 * Puts the blocks back into the compiled node (bench/.build) inside a bench child: wraps the
 * stream videoStream() hands to prepareBinaryData. The compiled callers read the export at
 * call time, so replacing it takes effect.
 */
export function addStorageBlocks(blockBytes) {
	const videoStreamModule = require(
		path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'transport', 'media', 'videoStream.js'),
	);
	const original = videoStreamModule.videoStream;
	videoStreamModule.videoStream = (body) => {
		const checked = original(body);
		if (Buffer.isBuffer(checked.stream)) return checked;
		const Readable = checked.stream.constructor;
		return {
			...checked,
			stream: Readable.from(mergeIntoBlocks(checked.stream, blockBytes), { objectMode: false }),
		};
	};
}
