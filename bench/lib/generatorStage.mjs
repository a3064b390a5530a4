// The download stage as it was until 2026-12-07: async generators (one noting the body's own
// failures, one checking each chunk) behind Readable.from, pulled by n8n's store. Replaced by
// an event relay (videoStream.ts). Kept here so every transfer run re-measures the two shapes
// side by side, as the floor's stage (BENCHMARKS.md, "2026-12-07: the stage as a relay").
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { BUILD_DIR, require } from './common.mjs';

const media = path.join(BUILD_DIR, 'nodes', 'SegmindWan');
const { looksLikeVideo, NotAVideo, VideoCutShort } = require(
	path.join(media, 'transport', 'media', 'videoStream.js'),
);
const { VideoFactsReader } = require(path.join(media, 'videoFacts', 'mp4', 'videoFactsReader.js'));

async function* watched(source) {
	const iterator = source[Symbol.asyncIterator]();
	let failed = false;
	try {
		for (;;) {
			const next = await iterator.next().catch(async (error) => {
				failed = true;
				return await Promise.reject(error);
			});
			if (next.done) return;
			yield next.value;
		}
	} finally {
		if (!failed) await iterator.return?.();
	}
}

async function* checked(source, reader) {
	let head = [];
	let headLength = 0;
	let verified = false;
	for await (const chunk of source) {
		reader.push(chunk);
		if (verified) {
			yield chunk;
			continue;
		}
		head.push(chunk);
		headLength += chunk.length;
		if (headLength < 12) continue;
		const start = Buffer.concat(head);
		if (!looksLikeVideo(start)) throw new NotAVideo('no video signature');
		verified = true;
		head = [];
		yield start;
	}
	const cut = reader.cutShort();
	if (cut) throw new VideoCutShort(cut);
}

/** The removed stage around a response body: what the floor hands n8n's store instead. */
export function generatorStage(body) {
	const reader = new VideoFactsReader();
	return Readable.from(checked(watched(body), reader), { objectMode: false });
}
