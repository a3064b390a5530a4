/**
 * Fault matrix: every way Segmind (or the network) is known to misbehave, one case each, with
 * the exact outcome the node must produce: the right bytes, or an error that states the cause,
 * Segmind's own message and, once a job exists, its request id. Every run also proves that no
 * job was submitted twice and that nothing hung (see cases.ts).
 * This file: rate limits and server errors on submit.
 */

import type { Simulator } from '../../simulator/segmindSimulator';
import { useSimulator } from '../../harness/serverPerFile';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { expectError, flash, MAY_HAVE_STARTED } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, expectVideo } = simulatorChecks(() => sim);

describe('rate limits on submit', () => {
	test('429 with Retry-After: waits that long, resubmits once, no duplicate job', async ({
		run,
	}) => {
		sim.failNext('submit', {
			status: 429,
			headers: { 'retry-after': '1' },
			body: { error: 'Rate limit exceeded' },
		});
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [refused, accepted] = requestsTo('submit');
		expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1000);
	});

	test('429 with x-rate-limit-reset-at-utc: waits until the reset time', async ({ run }) => {
		const resetAt = new Date(Date.now() + 1500).toISOString();
		sim.failNext('submit', {
			status: 429,
			headers: { 'x-rate-limit-reset-at-utc': resetAt },
			body: { error: 'Rate limit exceeded' },
		});
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [, accepted] = requestsTo('submit');
		expect(accepted.at).toBeGreaterThanOrEqual(Date.parse(resetAt) - 50);
	});

	test('429 without any header: waits the 5 s fallback, then resubmits once', async ({ run }) => {
		sim.failNext('submit', { status: 429, body: { error: 'Rate limit exceeded' } });
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [refused, accepted] = requestsTo('submit');
		expect(accepted.at - refused.at).toBeGreaterThanOrEqual(4900);
	});

	test("429 that never ends: gives up after 3 submits with Segmind's message, nothing accepted", async ({
		run,
	}) => {
		sim.failNext(
			'submit',
			{ status: 429, headers: { 'retry-after': '0' }, body: { error: 'Rate limit exceeded' } },
			Infinity,
		);
		const { result } = await run(flash, {}, { jobs: 0, generationPosts: 3 });
		const error = expectError(result, ['Segmind 429', 'Rate limit exceeded']);
		expect(error.httpCode).toBe('429');
	});

	test("the simulator's real per-minute limit, shared by 3 items: all run, each submitted once", async ({
		run,
	}) => {
		sim.configure({ rateLimit: { perMinute: 2, windowMs: 1500 } });
		const input = [0, 1, 2].map((index) => ({ json: { prompt: `cat ${index}` } }));
		const { result } = await run(
			{ ...flash, prompt: '={{ $json.prompt }}' },
			{ input },
			// Each item may be turned away (429) and resubmitted, at most 3 POSTs per item.
			{ jobs: 3, generationPosts: { atLeast: 3, atMost: 9 }, budgetMs: 25_000 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.binary!.data.buffer.equals(sim.video))).toEqual([
			true,
			true,
			true,
		]);
		expect(sim.submits).toBe(3);
		expect(new Set([...sim.jobs.values()].map((job) => job.body.prompt))).toEqual(
			new Set(['cat 0', 'cat 1', 'cat 2']),
		);
	}, 90_000);
});

describe('server errors on submit', () => {
	for (const status of [500, 502, 504]) {
		test(`${status} on submit: not resent (the job may exist), and the error says so`, async ({
			run,
		}) => {
			sim.failNext('submit', { status, body: { error: `upstream trouble ${status}` } });
			const { result } = await run(flash, {}, { jobs: 0 });
			const error = expectError(result, [`Segmind ${status}`, `upstream trouble ${status}`]);
			expect(error.httpCode).toBe(String(status));
			expect(error.description).toContain(MAY_HAVE_STARTED);
		});
	}

	test('504 after Segmind accepted the job (gateway timeout): not resent, one billed job only', async ({
		run,
	}) => {
		sim.failNext('submit', { status: 504, afterAccept: true, body: { error: 'Gateway Timeout' } });
		const { result } = await run(flash);
		const error = expectError(result, ['Segmind 504', 'Gateway Timeout']);
		expect(error.description).toContain(MAY_HAVE_STARTED);
		expect(sim.submits).toBe(1);
	});

	test('connection reset after Segmind accepted the job: not resent, error says it may be billed', async ({
		run,
	}) => {
		sim.failNext('submit', { kind: 'reset', afterAccept: true });
		const { result } = await run(flash);
		expectError(result, ['ECONNRESET', MAY_HAVE_STARTED]);
		expect(sim.submits).toBe(1);
	});

	test('connection reset before Segmind answered: not resent either (it cannot be known)', async ({
		run,
	}) => {
		sim.failNext('submit', { kind: 'reset' });
		const { result } = await run(flash, {}, { jobs: 0 });
		expectError(result, ['ECONNRESET', MAY_HAVE_STARTED]);
	});

	test('2xx on submit without request_id: error, nothing resent', async ({ run }) => {
		sim.failNext('submit', { status: 200, afterAccept: true, body: { status: 'QUEUED' } });
		const { result } = await run(flash);
		const error = expectError(result, [
			'accepted the request (HTTP 200) but returned no request ID',
		]);
		expect(error.description).toContain('dashboard');
	});

	test('non-JSON 2xx on submit: same, no request ID, nothing resent', async ({ run }) => {
		sim.failNext('submit', { status: 200, body: 'OK', contentType: 'text/plain' });
		const { result } = await run(flash, {}, { jobs: 0 });
		expectError(result, ['no request ID']);
	});

	test('405 HTML page: reduced to its text', async ({ run }) => {
		sim.failNext('submit', {
			status: 405,
			body: '<html><head><style>h1{color:red}</style></head><body><h1>405 Not Allowed</h1><hr><center>nginx</center></body></html>',
			contentType: 'text/html',
		});
		const { result } = await run(flash, {}, { jobs: 0 });
		const error = expectError(result, ['Segmind 405', '405 Not Allowed']);
		expect(error.message).not.toMatch(/<|color:red/);
	});

	const refusals: Array<[number, string, string]> = [
		[403, 'Forbidden for this key', 'may not use this model'],
		[406, 'Insufficient credits', 'top up'],
		[410, 'This model has been retired', 'retired'],
	];
	for (const [status, message, hint] of refusals) {
		test(`${status} on submit: Segmind's message and what to do`, async ({ run }) => {
			sim.failNext('submit', { status, body: { error: message } });
			const { result } = await run(flash, {}, { jobs: 0 });
			const error = expectError(result, [`Segmind ${status}`, message]);
			expect(error.httpCode).toBe(String(status));
			expect(error.description).toContain(hint);
		});
	}

	test("401 from a revoked key (the simulator's real auth check)", async ({ run }) => {
		sim.configure({ apiKey: 'a-different-key' });
		const { result } = await run(flash, {}, { jobs: 0 });
		const error = expectError(result, [
			'Segmind 401',
			'Invalid API key',
			'invalid or has been revoked',
		]);
		expect(error.description).toContain('credential');
	});
});
