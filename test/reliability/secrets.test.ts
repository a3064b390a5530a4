/**
 * Secrets: the recognisable API key (nodeRun.ts) must never surface in anything a workflow or
 * its logs can see, whatever happens: successes, every class of error, uploads of binary
 * inputs, sync and wait mode, cancellation. The key goes to Segmind's API and upload hosts
 * only; the public files host (output downloads) never gets it.
 */
import { sleep } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { sampleMp3, sampleMp4, samplePng, sampleWav } from '../fixtures';
import type { RunNodeOptions } from '../harness';
import { API_KEY } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import type { Simulator } from '../simulator/segmindSimulator';
import { keyHits, reliabilityCase } from './cases';
import type { RunExpectation } from './cases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};
const png = { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' };

interface Scenario {
	name: string;
	setup?: (sim: Simulator) => void;
	parameters: INodeParameters;
	extra?: Partial<RunNodeOptions>;
	expect?: RunExpectation;
	/** Whether the run ends in an error (thrown, or as error items with continue on fail). */
	fails: boolean;
	/** Waits for whatever the simulator still does for this case after the run. */
	after?: () => Promise<void>;
}

const cancelAfterSubmit: Partial<RunNodeOptions> = {
	onStarted: (handle) => {
		void handle.nodeStarted.then(async () => {
			while (sim.submits === 0) await sleep(20);
			await sleep(300);
			handle.cancel();
		});
	},
};

const scenarios: Scenario[] = [
	// Successes.
	{ name: 'wait mode, video downloaded from the files host', parameters: flash, fails: false },
	...(['raw', 'json-url', 'json-base64', 'json-data-uri', 'json-video-object'] as const).map(
		(v1Response) => ({
			name: `sync mode, ${v1Response}`,
			setup: () => sim.configure({ v1Response }),
			parameters: { ...flash, executionMode: 'sync' },
			fails: false,
		}),
	),
	{
		name: 'binaries kept in memory (default binary mode)',
		parameters: flash,
		extra: { binaryDataMode: 'default' },
		fails: false,
	},
	{
		name: 'binary image uploaded to the upload host',
		parameters: { ...flash, imageSource: 'binary' },
		extra: { input: [{ json: {}, binary: { data: png } }] },
		fails: false,
	},
	{
		name: 'binary WAV audio uploaded (wan-2.6), SDK-style upload answer',
		setup: () => sim.configure({ uploadResponse: 'file_urls' }),
		parameters: {
			model: 'wan-2.6-i2v',
			imageSource: 'binary',
			prompt: 'a cat',
			audioSource: 'binary',
			audioBinaryProperty: 'voice',
		},
		extra: {
			input: [
				{ json: {}, binary: { data: png, voice: { data: sampleWav, mimeType: 'audio/wav' } } },
			],
		},
		fails: false,
	},
	{
		name: 'wan2.7-r2v: reference images, videos and voice uploaded',
		parameters: {
			model: 'wan2.7-r2v',
			prompt: 'Image1 speaks',
			referenceImages: {
				items: [
					{ source: 'binary', binaryPropertyName: 'face' },
					{ source: 'url', url: 'https://example.com/b.png' },
				],
			},
			referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'clip' }] },
			referenceVoiceSource: 'binary',
			referenceVoiceBinaryProperty: 'voice',
		},
		extra: {
			input: [
				{
					json: {},
					binary: {
						face: png,
						clip: { data: sampleMp4, mimeType: 'video/mp4' },
						voice: { data: sampleMp3, mimeType: 'audio/mpeg' },
					},
				},
			],
		},
		fails: false,
	},
	{ name: 'Submit operation', parameters: { ...flash, operation: 'submit' }, fails: false },
	{
		name: 'Get Result of a finished job (submitted first)',
		setup: () => {
			sim.configure({ generationMs: 0 });
		},
		parameters: { operation: 'getResult', requestId: '={{ $json.requestId }}' },
		extra: { input: [{ json: { requestId: 'filled in by the test' } }] },
		expect: { jobs: 0, generationPosts: 0 },
		fails: false,
	},
	{
		name: 'Get Result past the hour, through the history host',
		setup: () => sim.configure({ generationMs: 0, resultTtlMs: 0 }),
		parameters: { operation: 'getResult', requestId: '={{ $json.requestId }}' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: false,
	},
	{
		name: 'Get Result past the hour: the history says FAILED, quoting the key',
		setup: () => {
			sim.configure({ generationMs: 0, resultTtlMs: 0 });
			sim.failJob({ error: `blocked for key ${API_KEY}` });
		},
		parameters: { operation: 'getResult', requestId: '={{ $json.requestId }}' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: true,
	},
	{
		name: 'Find Jobs (history host)',
		setup: () => sim.configure({ historyMultiOutput: true }),
		parameters: { operation: 'findJobs' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: false,
	},
	{
		name: 'Find Jobs: a 401 quoting the key back',
		setup: () =>
			sim.failNext('history', { status: 401, body: { error: `Invalid API key ${API_KEY}` } }),
		parameters: { operation: 'findJobs' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: true,
	},
	{
		name: 'Find Jobs: rows quoting the key in their inputs and errors',
		setup: () =>
			sim.failNext('history', {
				status: 200,
				body: { data: [{ request_id: 'r1', request_body: { prompt: API_KEY }, error: API_KEY }] },
			}),
		parameters: { operation: 'findJobs' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: false,
	},

	// Errors from Segmind, each class.
	...([400, 401, 403, 404, 406, 410] as const).map((status) => ({
		name: `${status} on submit`,
		setup: () => sim.failNext('submit', { status, body: { error: `refused with ${status}` } }),
		parameters: flash,
		expect: { jobs: 0 },
		fails: true,
	})),
	{
		name: '401 from the real auth check (wrong key configured at Segmind)',
		setup: () => sim.configure({ apiKey: 'another-key' }),
		parameters: flash,
		expect: { jobs: 0 },
		fails: true,
	},
	// Segmind quoting the key back: its text reaches errors, so the key must be cut out of it.
	{
		name: '401 quoting the key back on submit',
		setup: () =>
			sim.failNext('submit', { status: 401, body: { error: `Invalid API key ${API_KEY}` } }),
		parameters: flash,
		expect: { jobs: 0 },
		fails: true,
	},
	{
		name: '422 FAILED job whose error quotes the key',
		setup: () => sim.failJob({ error: `Blocked for key ${API_KEY}` }),
		parameters: flash,
		fails: true,
	},
	{
		name: 'sync 400 (streamed answer) quoting the key',
		setup: () => sim.failNext('v1', { status: 400, body: { error: `Bad request by ${API_KEY}` } }),
		parameters: { ...flash, executionMode: 'sync' },
		fails: true,
	},
	{
		name: 'continue on fail: a key-quoting job failure as an error item',
		setup: () => sim.failJob({ error: `Blocked for key ${API_KEY}` }),
		parameters: flash,
		extra: { continueOnFail: true },
		fails: true,
	},
	{
		name: '429 for good',
		setup: () => sim.failNext('submit', { status: 429, headers: { 'retry-after': '0' } }, Infinity),
		parameters: flash,
		expect: { jobs: 0, generationPosts: 3 },
		fails: true,
	},
	{
		name: '502 on submit',
		setup: () => sim.failNext('submit', { status: 502 }),
		parameters: flash,
		expect: { jobs: 0 },
		fails: true,
	},
	{
		name: 'connection reset on submit after acceptance',
		setup: () => sim.failNext('submit', { kind: 'reset', afterAccept: true }),
		parameters: flash,
		fails: true,
	},
	{
		name: 'HTML 405',
		setup: () =>
			sim.failNext('submit', {
				status: 405,
				body: '<h1>405 Not Allowed</h1>',
				contentType: 'text/html',
			}),
		parameters: flash,
		expect: { jobs: 0 },
		fails: true,
	},
	{
		name: '422 FAILED job',
		setup: () => sim.failJob({ error: 'Content blocked' }),
		parameters: flash,
		fails: true,
	},
	{
		name: '404 on status, unknown to the history too',
		setup: () => {
			sim.failNext('status', { status: 404, body: { error: 'Request not found' } });
			sim.failNext('historyRecord', { status: 404, body: { error: 'Request not found' } });
		},
		parameters: flash,
		fails: true,
	},
	{
		name: 'download failing for good',
		setup: () => sim.failNext('download', { status: 503 }, Infinity),
		parameters: flash,
		fails: true,
	},
	{
		name: 'download truncated for good',
		setup: () => sim.failNext('download', { kind: 'truncate' }, Infinity),
		parameters: flash,
		fails: true,
	},
	{
		name: 'raw sync video truncated',
		setup: () => {
			sim.configure({ v1Response: 'raw' });
			sim.failNext('v1', { kind: 'truncate' });
		},
		parameters: { ...flash, executionMode: 'sync' },
		fails: true,
	},
	{
		name: 'sync JSON answer truncated',
		setup: () => sim.failNext('v1', { kind: 'truncate' }),
		parameters: { ...flash, executionMode: 'sync' },
		fails: true,
	},
	{
		name: 'raw sync video reset midway',
		setup: () => {
			sim.configure({ v1Response: 'raw' });
			sim.failNext('v1', { kind: 'reset-midway' });
		},
		parameters: { ...flash, executionMode: 'sync' },
		fails: true,
	},
	{
		name: 'sync request timing out',
		setup: () => sim.failNext('v1', { kind: 'hang', ms: 2500 }),
		parameters: { ...flash, executionMode: 'sync', options: { maxWaitMinutes: 0.03 } },
		// Segmind accepts the generation after the node gave up; let it land in this case.
		after: async () => {
			while (sim.submits === 0) await sleep(50);
		},
		fails: true,
	},
	{
		name: 'upload failing for good',
		setup: () => sim.failNext('upload', { status: 500, headers: { 'retry-after': '0' } }, Infinity),
		parameters: { ...flash, imageSource: 'binary' },
		extra: { input: [{ json: {}, binary: { data: png } }] },
		expect: { jobs: 0, generationPosts: 0 },
		fails: true,
	},
	{
		name: 'completed without output',
		setup: () => sim.configure({ outputShape: 'missing' }),
		parameters: flash,
		fails: true,
	},
	{
		name: 'max wait reached',
		setup: () => sim.configure({ generationMs: 600_000 }),
		parameters: { ...flash, options: { maxWaitMinutes: 0.04 } },
		fails: true,
	},
	{
		name: 'cancelled while polling',
		setup: () => sim.configure({ generationMs: 600_000 }),
		parameters: flash,
		extra: cancelAfterSubmit,
		fails: true,
	},

	// Errors from the node itself, and continue on fail.
	{
		name: 'validation error',
		parameters: { ...flash, resolutionWan22: '1080P' },
		expect: { jobs: 0, generationPosts: 0 },
		fails: true,
	},
	{
		name: 'continue on fail: error items next to a video',
		setup: () => sim.failJob({ error: 'Content blocked' }),
		parameters: { ...flash, prompt: '={{ $json.prompt }}', options: { concurrency: 1 } },
		extra: {
			input: [
				{ json: { prompt: 'blocked' } },
				{ json: { prompt: '' } },
				{ json: { prompt: 'fine' } },
			],
			continueOnFail: true,
		},
		expect: { jobs: 2 },
		fails: true,
	},
];

describe('the API key appears in no output, error or log', () => {
	for (const scenario of scenarios) {
		reliabilityCase(
			'secrets',
			() => sim,
			scenario.name,
			async ({ run, noteKeyLeaks }) => {
				let parameters = scenario.parameters;
				let extra = scenario.extra ?? {};
				scenario.setup?.(sim);
				if (scenario.parameters.operation === 'getResult') {
					const submitted = await run({ ...flash, operation: 'submit' });
					noteKeyLeaks(keyHits(submitted.result).length);
					extra = {
						...extra,
						input: [{ json: { requestId: submitted.result.items[0].json.requestId as string } }],
					};
					parameters = { ...parameters };
				}
				const { result } = await run(parameters, extra, scenario.expect);

				const failed =
					result.error !== undefined || result.items.some((item) => item.json.error !== undefined);
				expect(failed).toBe(scenario.fails);
				if (scenario.fails && result.error) expect(result.error.message).not.toBe('');

				const hits = keyHits(result);
				noteKeyLeaks(hits.length);
				expect(hits).toEqual([]);

				// The key went where it belongs, and only there.
				for (const request of sim.requests) {
					if (request.server === 'files') {
						expect(request.headers['x-api-key']).toBeUndefined();
						expect(request.headers.authorization).toBeUndefined();
					} else if (!scenario.name.startsWith('401 from the real auth check')) {
						expect(request.headers['x-api-key']).toBe(API_KEY);
					}
				}
				await scenario.after?.();
				expect(sim.keyLeaks).toEqual([]);
			},
			90_000,
		);
	}

	test('the searches would find the key: it is in the harness record of authenticated requests', () => {
		// Guards the checks above against searching the wrong thing: the same search finds the
		// key where it legitimately is (the request options n8n's credential helper produced).
		expect(JSON.stringify({ headers: { 'x-api-key': API_KEY } })).toContain(API_KEY);
		expect(
			keyHits({ outputs: [[{ json: { leaked: `key=${API_KEY}` } }]], logs: [] } as never),
		).toEqual(['item 0 json']);
	});
});
