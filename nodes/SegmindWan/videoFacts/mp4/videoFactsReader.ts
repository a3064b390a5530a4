import type { FragmentFacts } from './fragmentReader';
import { FragmentReader } from './fragmentReader';
import { Mp4FactsReader } from './mp4FactsReader';
import type { VideoFactsResult } from './videoFacts';

/**
 * A fragmented MP4's timing from its fragments: its `moov` alone counts only the samples before
 * the first fragment (often none), so the `moov` reader's duration and frame rate are replaced,
 * by null when the fragments could not be read to the end.
 */
export function withFragmentTiming(
	result: VideoFactsResult,
	timing: FragmentFacts | null,
): VideoFactsResult {
	if (!result.facts || !timing) return result;
	return { facts: { ...result.facts, ...timing }, reason: null };
}

/**
 * The video facts of an MP4 as it streams by: Mp4FactsReader's, with duration and frame rate
 * from the fragments when the MP4 is fragmented. Both readers hold at most one box at a time.
 */
export class VideoFactsReader {
	private readonly movie = new Mp4FactsReader();
	private readonly fragments = new FragmentReader();

	/** Bytes seen so far. */
	get bytes(): number {
		return this.movie.bytes;
	}

	push(chunk: Uint8Array): void {
		this.movie.push(chunk);
		this.fragments.push(chunk);
	}

	/** Why the stream looks cut short by its top-level boxes (Mp4FactsReader.cutShort), if it does. */
	cutShort(): string | null {
		return this.movie.cutShort();
	}

	/** The facts, or why there are none; call once the stream has ended. */
	finish(): VideoFactsResult {
		return withFragmentTiming(this.movie.finish(), this.fragments.finish());
	}
}

/** Facts of a video already in memory (inline base64 / data-URI answers). */
export function readVideoFacts(data: Uint8Array): VideoFactsResult {
	const reader = new VideoFactsReader();
	reader.push(data);
	return reader.finish();
}
