import type { IDataObject } from 'n8n-workflow';

import { Mp4FactsReader, readMp4Facts } from './mp4/mp4FactsReader';
import type { VideoFactsResult } from './mp4/videoFacts';
import { unreadable } from './mp4/videoFacts';

export type { VideoFacts, VideoFactsResult } from './mp4/videoFacts';
export { readMp4Facts };

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Shows every chunk the consumer (n8n's binary store) reads from `stream` to an MP4 reader,
 * without changing the stream: Node readables hand each chunk out through `emit('data')`,
 * in flowing mode, `pipe` and `read()` alike. Nothing is read twice or buffered here.
 * Call the returned function after the consumer has finished.
 */
export function observeVideoBytes(stream: unknown): () => VideoFactsResult {
	const source = stream as { emit?: Emit } | null;
	const emit = source?.emit;
	if (!source || typeof emit !== 'function') {
		return () => unreadable('the video arrived in a form that cannot be observed');
	}
	const reader = new Mp4FactsReader();
	source.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
		const chunk = args[0];
		if (event === 'data' && chunk instanceof Uint8Array) reader.push(chunk);
		return emit.call(this, event, ...args);
	};
	return () => reader.finish();
}

/** The item JSON fields: `video` holds the facts, or is null with `videoFactsError` saying why. */
export function videoFactsJson(result: VideoFactsResult): IDataObject {
	return result.facts ? { video: result.facts } : { video: null, videoFactsError: result.reason };
}
