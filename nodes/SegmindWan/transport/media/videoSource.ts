// Media layer (leaf): where the finished video is in an answer: a URL or inline bytes.
/** Where the finished video is: a public URL to download, or bytes Segmind sent inline. */
export type VideoSource =
	{ kind: 'url'; url: string } | { kind: 'inline'; data: Buffer; mimeType: string };

/** `data:video/mp4;codecs="avc1.42E01E, mp4a.40.2";base64,…`: parameter values may be quoted and hold commas. */
const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)?((?:;[\w.+-]+=(?:"[^"]*"|[^;,"]*))*);base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const VIDEO_PATH = /\.(mp4|m4v|mov|webm|mkv)$/i;
const IMAGE_PATH = /\.(png|jpe?g|webp|gif|bmp)$/i;

function fromString(value: string): VideoSource | undefined {
	const text = value.trim();
	if (/^https?:\/\//i.test(text)) return { kind: 'url', url: text };
	const dataUri = DATA_URI.exec(text);
	if (dataUri) {
		return {
			kind: 'inline',
			data: Buffer.from(text.slice(dataUri[0].length), 'base64'),
			mimeType: dataUri[1] ?? 'video/mp4',
		};
	}
	const compact = text.replace(/\s+/g, '');
	if (compact.length >= 64 && BASE64.test(compact)) {
		return { kind: 'inline', data: Buffer.from(compact, 'base64'), mimeType: 'video/mp4' };
	}
	return undefined;
}

/** Keys real answers put the output under (`output`, `video.url`, `image.url`, `output.media_url[]`…). */
const NESTED_KEYS = [
	'output',
	'outputs',
	'video',
	'videos',
	'media_url',
	'mediaUrl',
	'url',
	'video_url',
	'videoUrl',
	'file_url',
	'data',
	'result',
	'image',
	'images',
];

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

/** 0: surely a video; 1: could be; 2: an image (a last frame or thumbnail), taken only when nothing else is there. */
function rank(source: VideoSource, underVideoKey: boolean): number {
	const kind = source.kind === 'url' ? pathOf(source.url) : source.mimeType;
	if (source.kind === 'url' ? IMAGE_PATH.test(kind) : kind.startsWith('image/')) return 2;
	if (source.kind === 'url' ? VIDEO_PATH.test(kind) : kind.startsWith('video/')) return 0;
	return underVideoKey ? 0 : 1;
}

function collect(
	body: unknown,
	underVideoKey: boolean,
	depth: number,
	found: Array<{ source: VideoSource; rank: number }>,
) {
	if (depth > 5 || body === null || body === undefined) return;
	if (typeof body === 'string') {
		const source = fromString(body);
		if (source) found.push({ source, rank: rank(source, underVideoKey) });
	} else if (Array.isArray(body)) {
		for (const entry of body) collect(entry, underVideoKey, depth + 1, found);
	} else if (typeof body === 'object') {
		const record = body as Record<string, unknown>;
		for (const key of NESTED_KEYS) {
			collect(record[key], underVideoKey || /video|media/i.test(key), depth + 1, found);
		}
	}
}

/**
 * Finds the video in a Segmind response, wherever real answers put it: `output` as a URL,
 * list, base64 or data URI, `output.media_url[]`, `video.url`, `image.url`. When several are
 * there, a video beats a picture (`last_frame_url`, thumbnails are never taken for it).
 */
export function findVideo(body: unknown): VideoSource | undefined {
	const found: Array<{ source: VideoSource; rank: number }> = [];
	collect(body, false, 0, found);
	found.sort((a, b) => a.rank - b.rank);
	return found[0]?.source;
}
