/**
 * The budget guard through n8n's real engine against the simulator: "Max Cost per Run (USD)"
 * stops at the item that would cross the cap and nothing past it reaches Segmind; "Check
 * Credits First" refuses a run before any paid request. Items run concurrently, so the
 * assertions are on counts and sets of items, never on order.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../simulator/segmindSimulator';
import { API_KEY, generationBodies, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

/** Wan 2.2 Flash costs up to $0.18 (its page's top price); each item's prompt names the item. */
const flash = (options: INodeParameters): INodeParameters => ({
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: '={{ "item " + $json.n }}',
	options,
});
const items = (count: number) => ({
	input: Array.from({ length: count }, (_, n) => ({ json: { n } })),
});

/** Which items Segmind received a paid request for (v1 or v2), from the prompts it was sent. */
const paidItems = () =>
	generationBodies(sim)
		.map((body) => Number(String(body.prompt).replace('item ', '')))
		.sort((a, b) => a - b);
const creditCalls = () => sim.requests.filter((request) => request.route === 'credits');

describe('Max Cost per Run (USD)', () => {
	it('5 items at $0.18 under a $0.54 cap: items 0–2 are sent, the run stops at item 3, nothing paid past it', async () => {
		const result = await runSegmind(sim, flash({ maxCostUsd: 0.54, concurrency: 3 }), items(5));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toContain('Max Cost per Run reached: item 3 was not sent');
		expect(error.message).toContain('$0.54 of the $0.54 cap already committed');
		expect(error.description).toContain('Committed $0.54 (worst case) by items 0, 1, 2.');
		expect(error.description).toContain('Not sent to Segmind: items 3, 4.');
		expect(error.context.budget).toEqual({
			capUsd: 0.54,
			committedUsd: 0.54,
			committedItems: [0, 1, 2],
			notSentItems: [3, 4],
		});
		expect(paidItems()).toEqual([0, 1, 2]);
		expect(sim.requests.filter((request) => request.route === 'submit')).toHaveLength(3);
		// The three paid jobs are not lost: the stopping error lists them.
		expect(new Set(error.context.requestIds as string[])).toEqual(new Set(sim.jobs.keys()));
	});

	it('with Concurrency 5 the same three items are admitted (the reservation is atomic)', async () => {
		sim.configure({ generationMs: 300 });
		const result = await runSegmind(sim, flash({ maxCostUsd: 0.6, concurrency: 5 }), items(5));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(paidItems()).toEqual([0, 1, 2]);
		expect((result.error as NodeOperationError).context.budget).toMatchObject({
			committedItems: [0, 1, 2],
			notSentItems: [3, 4],
		});
	});

	it('with Continue On Fail, items past the cap become error items saying what was committed; the others deliver', async () => {
		const result = await runSegmind(sim, flash({ maxCostUsd: 0.54, concurrency: 5 }), {
			...items(5),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		const delivered = result.items.filter((item) => item.binary?.data);
		const refused = result.items.filter((item) => item.json.error);
		expect(delivered.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(refused.map((item) => item.pairedItem)).toEqual([3, 4].map((item) => ({ item })));
		for (const [index, item] of refused.entries()) {
			expect(item.json.error).toContain(`item ${3 + index} was not sent`);
			expect(item.json.error).toContain('$0.54 of the $0.54 cap already committed');
			expect(item.json.description).toContain('by items 0, 1, 2');
		}
		expect(paidItems()).toEqual([0, 1, 2]);
	});

	it('a cap that fits every item changes nothing', async () => {
		const result = await runSegmind(sim, flash({ maxCostUsd: 0.9, concurrency: 5 }), items(5));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(paidItems()).toEqual([0, 1, 2, 3, 4]);
		expect(creditCalls()).toHaveLength(0);
	});

	it('Wan 2.7 counts at its worst case (15 s at 1080P, $2.814), whatever the item asks for', async () => {
		const result = await runSegmind(
			sim,
			{ model: 'wan2.7-i2v', prompt: '={{ "item " + $json.n }}', options: { maxCostUsd: 5 } },
			items(2),
		);
		expect(result.error!.message).toContain('wan2.7-i2v costs up to $2.814');
		expect(paidItems()).toEqual([0]);
	});

	it('a model whose page states no price (Wan 2.1) is refused before anything is sent, unless an assumed price is given', async () => {
		const wan21 = {
			model: 'wan2.1-i2v-720p',
			image: 'https://example.com/cat.png',
			prompt: '={{ "item " + $json.n }}',
		};
		let result = await runSegmind(sim, { ...wan21, options: { maxCostUsd: 1 } }, items(2));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe(
			'Invalid "Assumed Cost per Video (USD)" (assumedCostUsd) for item 0: is needed: "Max Cost per Run (USD)" is on and the page of model wan2.1-i2v-720p states no price',
		);
		expect((result.error as NodeOperationError).description).toContain(
			'Nothing was sent to Segmind.',
		);
		expect(sim.requests).toHaveLength(0);

		result = await runSegmind(
			sim,
			{ ...wan21, options: { maxCostUsd: 1, assumedCostUsd: 0.5 } },
			items(3),
		);
		expect(result.error!.message).toContain('item 2 was not sent');
		expect(paidItems()).toEqual([0, 1]);
	});

	it('Other (by Slug) is priced by the assumed price too', async () => {
		const other = {
			model: 'other',
			otherSlug: 'wan2.7-i2v',
			otherBody: '={{ JSON.stringify({ prompt: "item " + $json.n }) }}',
		};
		let result = await runSegmind(sim, { ...other, options: { maxCostUsd: 1 } }, items(2));
		expect(result.error!.message).toContain('Assumed Cost per Video (USD)');
		expect(sim.requests).toHaveLength(0);
		result = await runSegmind(
			sim,
			{ ...other, options: { maxCostUsd: 1, assumedCostUsd: 1 } },
			items(2),
		);
		expect(result.error!.message).toContain('item 1 was not sent');
		expect(paidItems()).toEqual([0]);
	});

	it.each([0, -1])('a cap of %s is refused as input, nothing sent', async (maxCostUsd) => {
		const result = await runSegmind(sim, flash({ maxCostUsd }), items(1));
		expect(result.error!.message).toContain(
			'Invalid "Max Cost per Run (USD)" (maxCostUsd) for item 0: must be an amount in USD above 0',
		);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Check Credits First', () => {
	it('refuses the run before any paid request when the credits are below its worst case', async () => {
		sim.configure({ credits: { credits: 0.5, 'free-credits': 0.0184 } });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(5));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe(
			"Check Credits First: Segmind reports $0.5184 of credits (credits $0.50 + free credits $0.0184), less than this run's worst case of $0.90 (items 0, 1, 2, 3, 4)",
		);
		expect((result.error as NodeOperationError).description).toContain(
			'Nothing was sent to Segmind.',
		);
		expect(sim.submits).toBe(0);
		expect(sim.requests.map((request) => request.route)).toEqual(['credits']);
	});

	it('with Continue On Fail every paid item is refused, nothing sent', async () => {
		sim.configure({ credits: { credits: 0.1, 'free-credits': 0 } });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), {
			...items(3),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(3);
		for (const item of result.items) expect(item.json.error).toContain('Check Credits First');
		expect(sim.requests.map((request) => request.route)).toEqual(['credits']);
	});

	it('one free call per run, then the run goes ahead when the credits cover it', async () => {
		const result = await runSegmind(
			sim,
			flash({ checkCreditsFirst: true, concurrency: 5 }),
			items(5),
		);
		expect(result.error).toBeUndefined();
		expect(creditCalls()).toHaveLength(1);
		expect(creditCalls()[0].method).toBe('GET');
		expect(paidItems()).toEqual([0, 1, 2, 3, 4]);
		// The credits call happened before the first paid request.
		expect(sim.requests[0].route).toBe('credits');
	});

	it('404 "No credits found" (a key without a balance record) counts as no credits', async () => {
		sim.configure({ credits: null });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(1));
		expect(result.error!.message).toContain(
			'Segmind has no credit record for this key ("No credits found"), so $0.00 of credits',
		);
		expect(sim.submits).toBe(0);
	});

	it.each([
		['numbers as strings', { credits: '12.5', 'free-credits': '0.5' }],
		['free credits missing', { credits: 12.5 }],
		['free_credits spelled with an underscore', { credits: 0, free_credits: 3 }],
	])('reads an odd but clear answer (%s)', async (_name, credits) => {
		sim.configure({ credits });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(2));
		expect(result.error).toBeUndefined();
		expect(sim.submits).toBe(2);
	});

	it.each([
		['no balance in the answer', { status: 200, body: { balance: 'plenty' } }, 'holds no balance'],
		[
			'an HTML page',
			{ status: 200, body: '<html>maintenance</html>', contentType: 'text/html' },
			'holds no balance',
		],
		['a bad key', { status: 401, body: { error: 'Invalid API key' } }, 'Segmind 401'],
		['another 404', { status: 404, body: { error: 'Not Found' } }, 'Segmind 404'],
	])('refuses to guess on %s: an error, nothing sent', async (_name, fault, text) => {
		sim.failNext('credits', fault);
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(2));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toContain(text);
		expect(sim.submits).toBe(0);
		expect(creditCalls()).toHaveLength(1);
	});

	it('a 503 on the free call is retried (bounded), then the run goes ahead', async () => {
		sim.failNext('credits', { status: 503, headers: { 'retry-after': '0' } });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(1));
		expect(result.error).toBeUndefined();
		expect(creditCalls()).toHaveLength(2);
		expect(sim.submits).toBe(1);
	});

	it('the key goes only to the API host, and an answer quoting it back never reaches the error or the logs', async () => {
		sim.failNext('credits', { status: 401, body: { error: `Invalid API key ${API_KEY}` } });
		const result = await runSegmind(sim, flash({ checkCreditsFirst: true }), items(1));
		expect(result.error!.message).toContain('Segmind 401');
		const seen = JSON.stringify([
			result.error!.message,
			(result.error as NodeApiError).description,
			result.executionError,
			result.logs,
		]);
		expect(seen).not.toContain(API_KEY);
		expect(creditCalls().map((request) => request.server)).toEqual(['api']);
		expect(creditCalls()[0].headers['x-api-key']).toBe(API_KEY);
		expect(sim.submits).toBe(0);
	});

	it('a run of Get Result items only makes no credits call', async () => {
		const result = await runSegmind(sim, {
			operation: 'getResult',
			requestId: 'abc',
			options: { checkCreditsFirst: true },
		});
		expect(result.error!.message).toContain('404');
		expect(creditCalls()).toHaveLength(0);
	});
});

describe('cost and remainingCredits on every output item', () => {
	it('Wait for Result: from the result metrics', async () => {
		const result = await runSegmind(sim, flash({}), items(1));
		expect(result.items[0].json).toMatchObject({ cost: 0.075, remainingCredits: 11.8 });
	});

	it('Synchronous: from the x-cost and x-remaining-credits headers', async () => {
		const result = await runSegmind(sim, { ...flash({}), executionMode: 'sync' }, items(1));
		expect(result.items[0].json).toMatchObject({ cost: 0.075, remainingCredits: 12.425 });
	});

	it('Submit and a still-running Get Result: null (Segmind reports the cost with the result)', async () => {
		sim.configure({ generationMs: 600_000 });
		const submitted = await runSegmind(sim, { ...flash({}), operation: 'submit' }, items(1));
		expect(submitted.items[0].json).toMatchObject({ cost: null, remainingCredits: null });
		const status = await runSegmind(sim, {
			operation: 'getResult',
			requestId: submitted.items[0].json.requestId as string,
		});
		expect(status.items[0].json).toMatchObject({ done: false, cost: null, remainingCredits: null });
	});

	it('Get Result of a finished job: from its metrics', async () => {
		const submitted = await runSegmind(sim, { ...flash({}), operation: 'submit' }, items(1));
		const requestId = submitted.items[0].json.requestId as string;
		sim.completeJob(requestId);
		const done = await runSegmind(sim, { operation: 'getResult', requestId });
		expect(done.items[0].json).toMatchObject({ done: true, cost: 0.075, remainingCredits: 11.8 });
	});
});
