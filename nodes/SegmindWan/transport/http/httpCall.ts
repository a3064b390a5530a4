// HTTP layer (bottom): one exchange via n8n's helpers; same-origin redirects, abort, streamed
// bodies, every answer bounded in time and bytes.
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import type { CallDeadline } from './callDeadline';
import { callDeadline } from './callDeadline';
import { isIterable, readBounded, readPrefix } from './readAll';
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
	/**
	 * A streamed body ends at the call's deadline, like every answer; a video is read under the
	 * stall rule instead (stallWatch.ts), so its reader lets the deadline go first.
	 */
	endDeadline?: () => void;
}

export type CallOptions = {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject | StreamedBody;
	/** Keep the body as a stream (video responses); otherwise JSON or text. */
	stream?: boolean;
	/**
	 * Socket idle timeout, and the call's total deadline: headers and body (every redirect hop
	 * included) must have arrived by then, or it fails as timed out (callDeadline.ts).
	 */
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
	const deadline = callDeadline(cancelSignal(ctx), options.timeoutMs, options.url);
	let streamed = false;
	try {
		const result = await follow(ctx, options, deadline);
		if (!options.stream) return await readWhole(result, options.url);
		// Done when the caller's reading ends (the body closes), not here.
		streamed = true;
		onClose(result.body, () => deadline.done());
		return { ...result, endDeadline: () => deadline.release() };
	} finally {
		if (!streamed) deadline.done();
	}
}

/** The exchange and its same-origin redirect hops, all within one deadline. */
async function follow(
	ctx: IExecuteFunctions,
	options: CallOptions,
	deadline: CallDeadline,
): Promise<HttpResult> {
	let { url, method, body } = options;
	for (let hop = 0; ; hop++) {
		const result = await exchange(ctx, { ...options, url, method, body }, deadline);
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

/**
 * An answer read whole, as n8n's helper would have parsed it (JSON when it parses, else text),
 * within the deadline and ANSWER_BOUNDS.maxWholeBytes. A 2xx cut short fails (half a JSON
 * answer is no answer); an error status keeps what arrived: its status is what counts (a 429
 * must still hold the gate), its words are only quoted.
 */
async function readWhole(result: HttpResult, url: string): Promise<HttpResult> {
	const redact = result.redact ?? ((value: unknown) => value);
	// Already buffered (a helper that does not stream): as it came.
	if (!isIterable(result.body)) return { ...result, body: redact(result.body), redact: undefined };
	const read = await readBounded(result.body);
	if (read.failure !== undefined && result.statusCode >= 200 && result.statusCode < 300)
		throw read.failure instanceof TransportFailure
			? read.failure
			: sanitiseFailure(read.failure, url);
	const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
	let body: unknown = text;
	if (text) {
		try {
			body = JSON.parse(text) as unknown;
		} catch {
			// Not JSON: the text, as n8n's helper gives it.
		}
	}
	return { ...result, body: redact(body), redact: undefined };
}

/** Runs `listener` once the body stream is closed (read to its end, or destroyed). */
function onClose(body: unknown, listener: () => void): void {
	const stream = body as { once?: (event: string, listener: () => void) => unknown } | undefined;
	if (typeof stream?.once === 'function') stream.once('close', listener);
	else listener();
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

async function exchange(
	ctx: IExecuteFunctions,
	options: CallOptions,
	deadline: CallDeadline,
): Promise<HttpResult> {
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
		return await send(ctx, options, deadline, opened, streamed);
	} finally {
		opened?.close();
	}
}

async function send(
	ctx: IExecuteFunctions,
	options: CallOptions,
	deadline: CallDeadline,
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
		// Always a stream, so every body is read here within its bounds (n8n's helper would
		// buffer a JSON answer whole, without limit); `json` still asks for JSON.
		json: !options.stream,
		encoding: 'stream' as const,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
		abortSignal: deadline.signal,
		...(options.authenticated ? { disableFollowRedirect: true } : { maxRedirects: MAX_REDIRECTS }),
	};
	let response: { statusCode: number; headers: HttpResult['headers']; body: unknown };
	try {
		response = (
			options.authenticated
				? await ctx.helpers.httpRequestWithAuthentication.call(
						withSignal(ctx, deadline.signal),
						'segmindApi',
						request,
					)
				: await ctx.helpers.httpRequest(request)
		) as typeof response;
	} catch (error) {
		throw deadline.expired() ? deadline.failure() : sanitiseFailure(error, options.url);
	}
	deadline.watch(response.body);
	const result: HttpResult = {
		statusCode: response.statusCode,
		// Plain, so the redactor sees every value (n8n passes an axios headers object).
		headers: plainHeaders(response.headers),
		body: response.body,
	};
	if (!options.authenticated) return result;
	const { redact } = options;
	// The body is redacted as it is read (readWhole, or the caller of a streamed call).
	return { ...result, headers: redact(result.headers), redact };
}

/**
 * n8n's authenticated helper takes its abort signal from `this.getExecutionCancelSignal()`
 * (whatever the request says): handed a context whose signal is the deadline's (which follows
 * the execution's cancel too), it ends the request at the deadline.
 */
function withSignal(ctx: IExecuteFunctions, signal: AbortSignal): IExecuteFunctions {
	return Object.create(ctx, {
		getExecutionCancelSignal: { value: () => signal },
	}) as IExecuteFunctions;
}

export function header(result: HttpResult, name: string): string | undefined {
	const value = result.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
