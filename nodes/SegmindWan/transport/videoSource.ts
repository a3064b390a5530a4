/** Where the finished video is: a public URL to download, or bytes Segmind sent inline. */
export type VideoSource =
	| { kind: 'url'; url: string }
	| { kind: 'inline'; data: Buffer; mimeType: string };

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[\w-]+)*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

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

const NESTED_KEYS = ['output', 'video', 'url', 'video_url', 'videoUrl', 'data', 'result'];

/**
 * Finds the video in a Segmind response. The documented shape is `output: "<url>"`; reports
 * also show arrays, `{video: {url}}`, and base64 strings or data URIs, so all are accepted.
 */
export function findVideo(body: unknown, depth = 0): VideoSource | undefined {
	if (depth > 4 || body === null || body === undefined) return undefined;
	if (typeof body === 'string') return fromString(body);
	if (Array.isArray(body)) {
		for (const entry of body) {
			const found = findVideo(entry, depth + 1);
			if (found) return found;
		}
		return undefined;
	}
	if (typeof body === 'object') {
		const record = body as Record<string, unknown>;
		for (const key of NESTED_KEYS) {
			const found = findVideo(record[key], depth + 1);
			if (found) return found;
		}
	}
	return undefined;
}
