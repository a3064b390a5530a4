// HTTP layer (bottom): a request that got no HTTP answer, in safe words (no request config).
/** Network-level failure (no HTTP status). Holds only safe fields: never the request config. */
export class TransportFailure extends Error {
	constructor(
		message: string,
		readonly code: string,
		/** The connection was never made, so the server surely did not see the request. */
		readonly notSent: boolean,
	) {
		super(message);
	}
}

const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

function errorCode(error: unknown): string {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && code) return code;
	}
	return 'UNKNOWN';
}

export function sanitiseFailure(error: unknown, url: string): TransportFailure {
	const code = errorCode(error);
	const host = safeHost(url);
	const reason =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT'
			? 'timed out'
			: code === 'ECONNREFUSED'
				? 'refused the connection'
				: code === 'ERR_CANCELED'
					? 'was aborted because the execution was cancelled'
					: `failed (${code})`;
	return new TransportFailure(`Request to ${host} ${reason}`, code, NOT_SENT_CODES.has(code));
}

export function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'Segmind';
	}
}
