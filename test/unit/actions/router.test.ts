import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import * as generate from '../../../nodes/SegmindWan/actions/generate.operation';
import * as getResult from '../../../nodes/SegmindWan/actions/getResult.operation';
import { runItems } from '../../../nodes/SegmindWan/actions/router';
import * as submit from '../../../nodes/SegmindWan/actions/submit.operation';
import { RunStoppedBeforeSend } from '../../../nodes/SegmindWan/transport/client/segmindClient';
import type { FakeContextOptions } from './fakeContext';
import { fakeContext } from './fakeContext';

// The operations are replaced: these tests are about what the router validates, schedules and
// dispatches.
jest.mock('../../../nodes/SegmindWan/actions/generate.operation', () => ({ execute: jest.fn() }));
jest.mock('../../../nodes/SegmindWan/actions/submit.operation', () => ({ execute: jest.fn() }));
jest.mock('../../../nodes/SegmindWan/actions/getResult.operation', () => ({ execute: jest.fn() }));

const runGenerate = generate.execute as jest.MockedFunction<typeof generate.execute>;
const runSubmit = submit.execute as jest.MockedFunction<typeof submit.execute>;
const runGetResult = getResult.execute as jest.MockedFunction<typeof getResult.execute>;

/** An Other (by Slug) job: valid with no declared fields to fill. */
const job = (extra: IDataObject = {}): IDataObject => ({
	model: 'other',
	otherSlug: 'wan-2.5-i2v',
	otherBody: '{"prompt": "a cat"}',
	...extra,
});
const lookup = (requestId: string, extra: IDataObject = {}): IDataObject => ({
	operation: 'getResult',
	requestId,
	...extra,
});

const echo =
	(name: string) => async (_ctx: unknown, _session: unknown, item: { itemIndex: number }) =>
		({
			json: { ran: name, item: item.itemIndex },
			pairedItem: { item: item.itemIndex },
		}) as INodeExecutionData;

const run = (parameters: IDataObject[], options: Partial<FakeContextOptions> = {}) => {
	const ctx = fakeContext({ items: parameters.map((item) => ({ parameters: item })), ...options });
	return { ctx, result: runItems(ctx) };
};

const failure = async (promise: Promise<unknown>) =>
	(await promise.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(error: unknown) => error,
	)) as Error & { description?: string; context: IDataObject };

beforeEach(() => {
	jest.resetAllMocks();
	runGenerate.mockImplementation(echo('generate'));
	runSubmit.mockImplementation(echo('submit'));
	runGetResult.mockImplementation(echo('getResult'));
});

describe('dispatch', () => {
	it('runs each item with its operation (Generate Video by default), output in input order', async () => {
		const { result } = run([
			job(),
			lookup('r-1'),
			job({ operation: 'submit' }),
			job({ operation: 'generate' }),
		]);
		expect((await result).map((item) => item.json)).toEqual([
			{ ran: 'generate', item: 0 },
			{ ran: 'getResult', item: 1 },
			{ ran: 'submit', item: 2 },
			{ ran: 'generate', item: 3 },
		]);
	});

	it('hands each operation the item as checked: the model, the body, the uploads and the options', async () => {
		const { ctx, result } = run([
			job({ executionMode: 'sync', options: { maxWaitMinutes: 2, binaryPropertyName: 'clip' } }),
			lookup(' r-1 '),
		]);
		await result;
		const options = {
			mode: 'sync',
			binaryPropertyName: 'clip',
			maxWaitMs: 120_000,
			concurrency: 3,
			reuseIdenticalJob: false,
			video: { output: 'binary', maxBytes: null },
		};
		expect(runGenerate).toHaveBeenCalledTimes(1);
		expect(runGenerate.mock.calls[0][0]).toBe(ctx);
		expect(runGenerate.mock.calls[0][2]).toEqual({
			itemIndex: 0,
			operation: 'generate',
			model: expect.objectContaining({ slug: 'wan-2.5-i2v', fields: [] }),
			prepared: { body: { prompt: 'a cat' }, uploads: [] },
			options,
		});
		expect(runGetResult.mock.calls[0][2]).toEqual({
			itemIndex: 1,
			operation: 'getResult',
			requestId: 'r-1',
			options: { ...options, mode: 'wait', binaryPropertyName: 'data', maxWaitMs: 30 * 60_000 },
		});
	});

	it("gives every item one session: the credential's hosts, or Segmind's by default", async () => {
		// Long enough to be redacted (shorter keys are not).
		const key = 'unit-test-key-'.padEnd(24, '0');
		const credentials = {
			apiKey: key,
			baseUrl: 'http://127.0.0.1:1',
			uploadUrl: 'http://127.0.0.1:2',
			historyUrl: 'http://127.0.0.1:3',
		};
		await run([job(), job()], { credentials }).result;
		const [first, second] = runGenerate.mock.calls.map((call) => call[1]);
		expect(first).toBe(second);
		expect(first.endpoints).toEqual({
			apiUrl: 'http://127.0.0.1:1',
			uploadUrl: 'http://127.0.0.1:2',
			historyUrl: 'http://127.0.0.1:3',
		});
		expect(first.runStopped?.()).toBe(false);
		expect(first.redact(`key ${key} here`)).toBe('key [redacted API key] here');

		runGenerate.mockClear();
		await run([job()], { credentials: { apiKey: key, baseUrl: '', uploadUrl: '', historyUrl: '' } })
			.result;
		expect(runGenerate.mock.calls[0][1].endpoints).toEqual({
			apiUrl: 'https://api.segmind.com',
			uploadUrl: 'https://workflows-api.segmind.com',
			historyUrl: 'https://api.spotprod.segmind.com',
		});
	});
});

describe('validation before anything is sent', () => {
	it('a bad item anywhere stops the run before the first item is sent', async () => {
		const { ctx, result } = run([job(), job(), job({ options: { concurrency: 0 } })]);
		const getCredentials = jest.spyOn(ctx, 'getCredentials');
		const error = await failure(result);
		expect(error.message).toBe(
			'Invalid "Concurrency" (concurrency) for item 2: must be a whole number from 1 to 20, got 0',
		);
		expect(runGenerate).not.toHaveBeenCalled();
		expect(getCredentials).not.toHaveBeenCalled();
	});

	it('reports the first bad item', async () => {
		const error = await failure(run([job(), lookup(''), job({ otherSlug: 'bad slug' })]).result);
		expect(error.message).toBe('Invalid "Request ID" for item 1: must not be empty');
	});

	it('with "continue on fail" a bad item becomes an error item and the others run', async () => {
		const { result } = run([job({ otherBody: '[]' }), lookup('r-1'), job({ otherSlug: '' })], {
			continueOnFail: true,
		});
		const output = await result;
		expect(output[0]).toEqual({
			json: {
				error: 'Invalid "Body (JSON)" for item 0: expected a JSON object such as {"prompt": "…"}',
				description: 'Nothing was sent to Segmind.',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1].json).toEqual({ ran: 'getResult', item: 1 });
		expect(output[2].json.error).toMatch(/^Invalid "Model Slug" for item 2/);
		expect(runGenerate).not.toHaveBeenCalled();
	});

	it('sends nothing and asks for no credential when every item is bad', async () => {
		const { ctx, result } = run([lookup(''), lookup('{{ $json.id }}')], { continueOnFail: true });
		const getCredentials = jest.spyOn(ctx, 'getCredentials');
		expect((await result).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(getCredentials).not.toHaveBeenCalled();
	});
});

describe('scheduling', () => {
	it("runs at most the first item's Concurrency at once", async () => {
		let inFlight = 0;
		let most = 0;
		runGenerate.mockImplementation(async (_ctx, _session, item) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await sleep(0);
			inFlight--;
			return { json: { item: item.itemIndex } };
		});
		const items = [
			job({ options: { concurrency: 2 } }),
			...Array.from({ length: 5 }, () => job({ options: { concurrency: 20 } })),
		];
		const output = await run(items).result;
		expect(most).toBe(2);
		expect(output.map((item) => item.json.item)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('stops at the first failure: the items not yet sent are not sent, and the error lists them', async () => {
		runGenerate.mockRejectedValueOnce(new Error('Segmind 500'));
		const items = [job({ options: { concurrency: 1 } }), job(), lookup('r-2')];
		const error = await failure(run(items).result);
		expect(error.message).toBe('Segmind 500');
		expect(runGenerate).toHaveBeenCalledTimes(1);
		expect(runGetResult).not.toHaveBeenCalled();
		expect(error.context.notSentItems).toEqual([1, 2]);
		expect(error.description).toContain(
			'Not sent to Segmind because the run had stopped: item 1, item 2.',
		);
	});

	it('lists the paid jobs the stopped run did not output, and an item stopped just before its paid request', async () => {
		let failNow: () => void = () => undefined;
		runSubmit.mockResolvedValueOnce({ json: { requestId: 'r-0' } });
		runGenerate.mockImplementationOnce(
			() =>
				new Promise((_resolve, reject) => (failNow = () => reject(new Error('download broke')))),
		);
		runGenerate.mockImplementationOnce(async (_ctx, session) => {
			failNow();
			await sleep(0);
			if (session.runStopped?.()) throw new RunStoppedBeforeSend();
			return { json: {} };
		});
		const items = [job({ operation: 'submit', options: { concurrency: 3 } }), job(), job()];
		const error = await failure(run(items).result);
		expect(error.message).toBe('download broke');
		expect(error.context.submittedJobs).toEqual([
			{ itemIndex: 0, requestId: 'r-0', state: 'submitted' },
		]);
		expect(error.context.requestIds).toEqual(['r-0']);
		expect(error.context.notSentItems).toEqual([2]);
	});

	it('with "continue on fail" a failed item becomes an error item and the run goes on', async () => {
		runGetResult.mockRejectedValueOnce(new Error('not found'));
		const output = await run([lookup('r-0'), job()], { continueOnFail: true }).result;
		expect(output[0]).toEqual({ json: { error: 'not found' }, pairedItem: { item: 0 } });
		expect(output[1].json).toEqual({ ran: 'generate', item: 1 });
	});
});
