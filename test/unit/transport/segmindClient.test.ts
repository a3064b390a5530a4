// The Segmind client (transport/client/) on a fake n8n context: one call end to end, and the answer
// and its error.
import { randomUUID } from 'crypto';
import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { readAnswer } from '../../../nodes/SegmindWan/transport/client/answer';
import { answerError } from '../../../nodes/SegmindWan/transport/client/apiError';
import { RateGate } from '../../../nodes/SegmindWan/transport/client/rateGate';
import {
	callIdempotent,
	postPaid,
	RunStoppedBeforeSend,
} from '../../../nodes/SegmindWan/transport/client/segmindClient';
import type { CallScope } from '../../../nodes/SegmindWan/transport/client/session';
import { apiKeyRedactor } from '../../../nodes/SegmindWan/transport/http/redactApiKey';

const node: INode = {
	id: '1',
	name: 'Segmind Wan',
	type: 'segmindWan',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};
// A fresh made-up key per run, as the other secret tests use.
const testKeyValue = `sk-simulated-${randomUUID()}`;

type Reply = { statusCode: number; headers?: Record<string, string>; body?: unknown } | Error;

/** A context whose authenticated requests get `replies` in turn; every request is recorded. */
function scopeWith(replies: Reply[], extra: Partial<CallScope> = {}) {
	const sent: Array<{ credential: string; options: IHttpRequestOptions }> = [];
	const ctx = {
		getNode: () => node,
		helpers: {
			async httpRequestWithAuthentication(credential: string, options: IHttpRequestOptions) {
				sent.push({ credential, options });
				const reply = replies.shift();
				if (!reply) throw new Error('no reply left');
				if (reply instanceof Error) throw reply;
				return { headers: {}, ...reply };
			},
		},
	} as unknown as IExecuteFunctions;
	const scope: CallScope = {
		ctx,
		itemIndex: 2,
		endpoints: {
			apiUrl: 'https://api.segmind.test',
			uploadUrl: 'https://upload.segmind.test',
			historyUrl: 'https://history.segmind.test',
		},
		redact: apiKeyRedactor(testKeyValue),
		...extra,
	};
	return { scope, sent };
}

describe('callIdempotent', () => {
	it('sends with the Segmind credential and no redirect following, retries a 503 and returns the next answer read', async () => {
		const { scope, sent } = scopeWith([
			{ statusCode: 503, headers: { 'retry-after': '0' }, body: { error: 'busy' } },
			{ statusCode: 200, body: { status: 'COMPLETED', note: `echo ${testKeyValue}` } },
		]);
		const answer = await callIdempotent(scope, {
			method: 'GET',
			url: 'https://api.segmind.test/v2/requests/r1/status',
		});
		expect(sent).toHaveLength(2);
		expect(sent[0].credential).toBe('segmindApi');
		expect(sent[0].options.disableFollowRedirect).toBe(true);
		expect(answer).toMatchObject({ statusCode: 200, ok: true, json: { status: 'COMPLETED' } });
		expect(JSON.stringify(answer)).not.toContain(testKeyValue);
	});

	it('returns an error status that is not worth retrying, for the caller to judge', async () => {
		const { scope, sent } = scopeWith([{ statusCode: 404, body: { error: 'Request not found' } }]);
		const answer = await callIdempotent(scope, {
			method: 'GET',
			url: 'https://api.segmind.test/v2/requests/x',
		});
		expect(sent).toHaveLength(1);
		expect(answer).toMatchObject({
			statusCode: 404,
			ok: false,
			json: { error: 'Request not found' },
		});
	});

	it('shuts the shared gate when Segmind answers 429', async () => {
		const gate = new RateGate();
		const { scope } = scopeWith(
			[
				{
					statusCode: 429,
					headers: { 'retry-after': '0.2' },
					body: { error: 'Too many requests' },
				},
				{ statusCode: 200, body: {} },
			],
			{ gate },
		);
		const block = jest.spyOn(gate, 'block');
		await callIdempotent(scope, {
			method: 'GET',
			url: 'https://api.segmind.test/v2/requests/r1/status',
		});
		expect(block).toHaveBeenCalledWith(200);
	});
});

describe('postPaid', () => {
	it('does not resend a paid POST that got a 5xx: the answer comes back for the caller', async () => {
		const { scope, sent } = scopeWith([{ statusCode: 500, body: { error: 'internal' } }]);
		const answer = await postPaid(scope, {
			url: 'https://api.segmind.test/v2/wan',
			body: { prompt: 'a cat' },
			timeoutMs: 1000,
		});
		expect(sent).toHaveLength(1);
		expect(answer).toMatchObject({ statusCode: 500, ok: false });
	});

	it('sends nothing once the run has stopped', async () => {
		const { scope, sent } = scopeWith([{ statusCode: 200, body: { request_id: 'r1' } }], {
			runStopped: () => true,
		});
		await expect(
			postPaid(scope, { url: 'https://api.segmind.test/v2/wan', body: {}, timeoutMs: 1000 }),
		).rejects.toBeInstanceOf(RunStoppedBeforeSend);
		expect(sent).toHaveLength(0);
	});

	it('turns a reset connection into an error that warns against resubmitting', async () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { scope, sent } = scopeWith([reset]);
		const failure = postPaid(scope, {
			url: 'https://api.segmind.test/v2/wan',
			body: {},
			timeoutMs: 1000,
		});
		await expect(failure).rejects.toThrow('Request to api.segmind.test failed (ECONNRESET)');
		await expect(failure).rejects.toThrow('may have started (and billed) the job');
		expect(sent).toHaveLength(1);
	});
});

describe('readAnswer', () => {
	it('parses a JSON text body and cuts the key out of it', async () => {
		const answer = await readAnswer({
			statusCode: 401,
			headers: {},
			body: `{"error":"bad key ${testKeyValue}"}`,
			redact: apiKeyRedactor(testKeyValue),
		});
		expect(answer).toEqual({
			statusCode: 401,
			ok: false,
			json: { error: 'bad key [redacted API key]' },
			raw: { error: 'bad key [redacted API key]' },
		});
	});

	it('keeps an HTML page as raw text, with an empty JSON object', async () => {
		const answer = await readAnswer({
			statusCode: 502,
			headers: {},
			body: Buffer.from('<h1>Bad Gateway</h1>'),
		});
		expect(answer).toEqual({ statusCode: 502, ok: false, json: {}, raw: '<h1>Bad Gateway</h1>' });
	});
});

describe('answerError', () => {
	it("names the status, Segmind's words, the item and the request ID; the caller's words come on top", () => {
		const { scope } = scopeWith([], { requestId: 'req-9' });
		const error = answerError(scope, {
			statusCode: 402,
			ok: false,
			json: {},
			raw: { error: 'Insufficient credits' },
		});
		expect(error.message).toBe('Segmind 402: Insufficient credits (request req-9)');
		expect(error.description).toContain('top up your Segmind credits');
		expect(error.context.itemIndex).toBe(2);
		const failed = answerError(
			scope,
			{ statusCode: 200, ok: true, json: {}, raw: { error: 'blocked' } },
			{ statusCode: 422, message: 'The job failed', recoverable: false },
		);
		expect(failed.message).toBe('Segmind 422: The job failed: blocked (request req-9)');
		expect(failed.description).not.toContain('Get Result');
	});
});
