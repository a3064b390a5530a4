import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import type { Redact } from './redactApiKey';

export interface HttpResult {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** For a streamed answer to an authenticated call: apply to whatever is read from `body`. */
	redact?: Redact;
}

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

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

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
				: `failed (${code})`;
	return new TransportFailure(`Request to ${host} ${reason}`, code, NOT_SENT_CODES.has(code));
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'Segmind';
	}
}

export type CallOptions = {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	/** Keep the body as a stream (video responses); otherwise JSON or text. */
	stream?: boolean;
	timeoutMs: number;
} & (
	| {
			/** Sent with the x-api-key: to Segmind's own API and upload hosts only. */
			authenticated: true;
			/** Segmind's texts end up in errors and items: an answer quoting the key loses it here. */
			redact: Redact;
	  }
	/** Public output URLs: the API key must not go there. */
	| { authenticated: false }
);

/** One HTTP exchange through n8n's request helpers; every status comes back, none throws. */
export async function httpCall(ctx: IExecuteFunctions, options: CallOptions): Promise<HttpResult> {
	const request = {
		method: options.method,
		url: options.url,
		body: options.body,
		json: !options.stream,
		encoding: options.stream ? ('stream' as const) : undefined,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
	};
	let response: { statusCode: number; headers: HttpResult['headers']; body: unknown };
	try {
		response = (
			options.authenticated
				? await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'segmindApi', request)
				: await ctx.helpers.httpRequest(request)
		) as typeof response;
	} catch (error) {
		throw sanitiseFailure(error, options.url);
	}
	const result: HttpResult = { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	if (!options.authenticated) return result;
	const { redact } = options;
	if (options.stream) return { ...result, headers: redact(result.headers), redact };
	return { ...result, headers: redact(result.headers), body: redact(result.body) };
}

export function header(result: HttpResult, name: string): string | undefined {
	const value = result.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
