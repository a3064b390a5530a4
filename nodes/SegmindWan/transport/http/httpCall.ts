// HTTP layer (bottom): one exchange via n8n's helpers; same-origin redirects, abort, streamed
// bodies.
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { readPrefix } from './readAll';
import type { Redact } from './redactApiKey';
import { plainHeaders } from './redactApiKey';
import type { OpenedBody, StreamedBody } from './streamedBody';
import { isStreamedBody } from './streamedBody';
import { sanitiseFailure, TransportFailure } from './transportFailure';

export interface HttpResult {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** For a streamed answer to an authenticated call: apply to whatever is read from `body`. */
	redact?: Redact;
}

export type CallOptions = {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject | StreamedBody;
	/** Keep the body as a stream (video responses); otherwise JSON or text. */
	stream?: boolean;
	timeoutMs: number;
	headers?: IDataObject;
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

/** Redirect hops followed at most, for every kind of call. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One HTTP exchange through n8n's request helpers; every status comes back, none throws.
 * Authenticated calls never let the helper follow a redirect (it would take the x-api-key and
 * the body along to any host): same-origin hops are followed here, any other fails naming the
 * host. Public downloads carry no key and may follow a bounded number of hops.
 */
export async function httpCall(ctx: IExecuteFunctions, options: CallOptions): Promise<HttpResult> {
	let { url, method, body } = options;
	for (let hop = 0; ; hop++) {
		const result = await exchange(ctx, { ...options, url, method, body });
		const location = header(result, 'location');
		if (!options.authenticated || !REDIRECT_STATUSES.has(result.statusCode) || !location)
			return result;
		await discard(result.body);
		const target = resolveUrl(location, url);
		if (!target || target.origin !== new URL(url).origin) {
			throw new TransportFailure(
				`Segmind answered HTTP ${result.statusCode} redirecting to another host (${target?.host ?? 'an invalid address'}); it was not followed, so the API key and the request body stayed with Segmind`,
				'FOREIGN_REDIRECT',
				false,
			);
		}
		if (hop + 1 >= MAX_REDIRECTS) {
			throw new TransportFailure(
				`Segmind redirected more than ${MAX_REDIRECTS} times`,
				'TOO_MANY_REDIRECTS',
				false,
			);
		}
		url = target.href;
		// As browsers do: 303 (and 301/302 after a POST) turn into a GET without a body.
		if (
			result.statusCode === 303 ||
			((result.statusCode === 301 || result.statusCode === 302) && method === 'POST')
		) {
			method = 'GET';
			body = undefined;
		}
	}
}

function resolveUrl(location: string, base: string): URL | undefined {
	try {
		return new URL(location, base);
	} catch {
		return undefined;
	}
}

/** A redirect's body is of no use: read a little (so the connection is not reset mid-send), then drop it. */
async function discard(body: unknown): Promise<void> {
	await readPrefix(body);
}

function cancelSignal(ctx: IExecuteFunctions) {
	return ctx.getExecutionCancelSignal?.();
}

async function exchange(ctx: IExecuteFunctions, options: CallOptions): Promise<HttpResult> {
	const signal = cancelSignal(ctx);
	if (signal?.aborted) {
		throw new TransportFailure(
			'The execution was cancelled; the request was not sent to Segmind',
			'CANCELLED_BEFORE_SEND',
			true,
		);
	}
	const streamed = isStreamedBody(options.body) ? options.body : undefined;
	const opened = streamed ? await streamed.open() : undefined;
	try {
		return await send(ctx, options, signal, opened, streamed);
	} finally {
		opened?.close();
	}
}

async function send(
	ctx: IExecuteFunctions,
	options: CallOptions,
	signal: ReturnType<typeof cancelSignal>,
	opened: OpenedBody | undefined,
	streamed: StreamedBody | undefined,
): Promise<HttpResult> {
	const headers: IDataObject | undefined = streamed
		? {
				...options.headers,
				'content-type': streamed.contentType,
				'content-length': String(streamed.contentLength),
			}
		: options.headers;
	const request = {
		method: options.method,
		url: options.url,
		body: opened ? opened.stream : (options.body as IDataObject | undefined),
		// A copy: n8n's credential helper writes the x-api-key into this object, and a shared
		// one would carry it into the next (public) request.
		headers: headers ? { ...headers } : undefined,
		json: !options.stream,
		encoding: options.stream ? ('stream' as const) : undefined,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
		abortSignal: signal,
		...(options.authenticated ? { disableFollowRedirect: true } : { maxRedirects: MAX_REDIRECTS }),
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
	const result: HttpResult = {
		statusCode: response.statusCode,
		// Plain, so the redactor sees every value (n8n passes an axios headers object).
		headers: plainHeaders(response.headers),
		body: response.body,
	};
	if (!options.authenticated) return result;
	const { redact } = options;
	if (options.stream) return { ...result, headers: redact(result.headers), redact };
	return { ...result, headers: redact(result.headers), body: redact(result.body) };
}

export function header(result: HttpResult, name: string): string | undefined {
	const value = result.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
