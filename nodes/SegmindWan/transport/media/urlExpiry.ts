// Media layer (leaf): when a video URL stops working, as far as the URL itself says.

export interface UrlExpiry {
	/** ISO time the URL's own signature expires; null when the URL states none. */
	expiresAt: string | null;
	/** What `expiresAt` is based on, or why there is none. */
	basis: string;
}

/** What Segmind is known to say about keeping output files (nothing documented). */
export const FILES_KEPT =
	"Segmind keeps output files for a limited time (reported: 7 days; not in Segmind's docs), so fetch or hand on the video soon.";

/** `20261207T081500Z` (SigV4 X-Amz-Date / X-Goog-Date) as ms since epoch. */
function signedAt(text: string | null): number | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s] = match.map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The expiry a pre-signed URL carries in its query (AWS SigV4 `X-Amz-Date` + `X-Amz-Expires`,
 * Google V4 `X-Goog-Date` + `X-Goog-Expires`, or an epoch `Expires` as in S3 SigV2 and
 * CloudFront), else none: no time is made up.
 */
export function urlExpiry(url: string): UrlExpiry {
	let query: URLSearchParams;
	try {
		query = new URL(url).searchParams;
	} catch {
		return { expiresAt: null, basis: FILES_KEPT };
	}
	for (const vendor of ['Amz', 'Goog']) {
		const start = signedAt(query.get(`X-${vendor}-Date`));
		const seconds = Number(query.get(`X-${vendor}-Expires`));
		if (start !== undefined && Number.isFinite(seconds) && seconds > 0) {
			return {
				expiresAt: new Date(start + seconds * 1000).toISOString(),
				basis: `The URL's signature (X-${vendor}-Date + X-${vendor}-Expires). ${FILES_KEPT}`,
			};
		}
	}
	const epoch = Number(query.get('Expires'));
	if (Number.isInteger(epoch) && epoch > 1e9 && epoch < 1e11) {
		return {
			expiresAt: new Date(epoch * 1000).toISOString(),
			basis: `The URL's Expires parameter. ${FILES_KEPT}`,
		};
	}
	return { expiresAt: null, basis: `The URL states no expiry. ${FILES_KEPT}` };
}
