import type { MovieInfo, TrackInfo } from './parseMoov';

export type Orientation = 'portrait' | 'landscape' | 'square';

/** What a workflow needs to know before posting a video (platform rules on shape, length, audio). */
export type VideoFacts = {
	durationSeconds: number | null;
	/** display size: after the track's rotation */
	width: number;
	height: number;
	/**
	 * "9:16", "16:9", "1:1"…: the nearest common ratio within 3 % (Wan's 832x480 is "16:9"),
	 * else the exact reduced ratio
	 */
	aspectRatio: string;
	/** width / height, 4 decimals */
	aspectRatioValue: number;
	orientation: Orientation;
	/** clockwise quarter turns the player applies (tkhd matrix): 0, 90, 180 or 270 */
	rotation: number;
	/** average frames per second (samples over the track's duration), 3 decimals */
	frameRate: number | null;
	/** sample entry format of the video track: 'avc1', 'hvc1', 'hev1', 'av01', … */
	videoCodec: string | null;
	hasAudio: boolean;
	audioCodec: string | null;
	fileSizeBytes: number;
};

export type VideoFactsResult =
	{ facts: VideoFacts; reason: null } | { facts: null; reason: string };

export const unreadable = (reason: string): VideoFactsResult => ({ facts: null, reason });

const COMMON_RATIOS: Array<[number, number]> = [
	[1, 1],
	[16, 9],
	[9, 16],
	[4, 3],
	[3, 4],
	[4, 5],
	[5, 4],
	[3, 2],
	[2, 3],
	[21, 9],
	[9, 21],
];

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

export function aspectRatioName(width: number, height: number): string {
	const ratio = width / height;
	const common = COMMON_RATIOS.find(([w, h]) => Math.abs(ratio / (w / h) - 1) <= 0.03);
	if (common) return `${common[0]}:${common[1]}`;
	const divisor = gcd(Math.round(width), Math.round(height)) || 1;
	return `${Math.round(width) / divisor}:${Math.round(height) / divisor}`;
}

function seconds(ticks: number | null, timescale: number): number | null {
	return ticks !== null && ticks > 0 && timescale > 0 ? round(ticks / timescale, 3) : null;
}

function frameRate(track: TrackInfo): number | null {
	if (track.sampleCount === 0 || track.sampleTicks === 0 || track.timescale === 0) return null;
	return round((track.sampleCount * track.timescale) / track.sampleTicks, 3);
}

/** Turns the parsed `moov` into facts; a movie without a sized video track has none. */
export function factsFromMovie(movie: MovieInfo, fileSizeBytes: number): VideoFactsResult {
	const video = movie.tracks.find((track) => track.handler === 'vide');
	if (!video) return unreadable('the MP4 has no video track');
	const audio = movie.tracks.find((track) => track.handler === 'soun');
	// A presentation size under one pixel (e.g. 1/65536) is as good as none: use the coded size.
	const presented = video.width >= 1 && video.height >= 1;
	const codedWidth = presented ? video.width : video.codedWidth;
	const codedHeight = presented ? video.height : video.codedHeight;
	if (!(codedWidth >= 1 && codedHeight >= 1 && codedWidth <= 65536 && codedHeight <= 65536))
		return unreadable(
			`the video track states no usable width or height (${video.width}x${video.height}, coded ${video.codedWidth}x${video.codedHeight})`,
		);
	const turned = video.rotation === 90 || video.rotation === 270;
	const width = round(turned ? codedHeight : codedWidth, 2);
	const height = round(turned ? codedWidth : codedHeight, 2);
	return {
		facts: {
			durationSeconds:
				seconds(movie.duration, movie.timescale) ?? seconds(video.duration, video.timescale),
			width,
			height,
			aspectRatio: aspectRatioName(width, height),
			aspectRatioValue: round(width / height, 4),
			orientation: width === height ? 'square' : width > height ? 'landscape' : 'portrait',
			rotation: video.rotation,
			frameRate: frameRate(video),
			videoCodec: video.codec,
			hasAudio: audio !== undefined,
			audioCodec: audio?.codec ?? null,
			fileSizeBytes,
		},
		reason: null,
	};
}
