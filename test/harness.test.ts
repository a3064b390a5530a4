/**
 * Self-test of test/harness: a tiny test-only node type run through n8n-core's real
 * WorkflowExecute against a real HTTP server on 127.0.0.1.
 */
import {
	NodeApiError,
	NodeOperationError,
	VersionedNodeType,
	sleep,
} from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { liveTempDirs, runNode, type HarnessCredential } from './harness';
import { delay, type EchoServer } from './harness/echoServer';
import { useEchoServer } from './harness/serverPerFile';
import { testNodeDescription } from './harness/testNodeDescription';

// ---------------------------------------------------------------- credential types

class TestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API';

	properties: ICredentialType['properties'] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Header Name', name: 'headerName', type: 'string', default: 'x-test-key' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { '={{$credentials.headerName}}': '={{"Key " + $credentials.apiKey}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	};
}

class FnTestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API (function auth)';

	properties: ICredentialType['properties'] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	private readonly scheme = 'Bearer';

	// a method using `this`, to prove n8n calls it on the credential type
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, authorization: `${this.scheme} ${credentials.token}` },
		};
	}
}

// ---------------------------------------------------------------- test-only node type

const probeState = { abortSeen: false, cancellationHandlerRan: false, pollsMade: 0 };

const probeDescription: INodeTypeDescription = testNodeDescription('Harness Probe', 'harnessProbe', 'Test-only node for the harness self-test', {
	credentials: [{ name: 'testApi', required: true }],
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '', required: true },
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			options: [
				{ name: 'Roundtrip', value: 'roundtrip' },
				{ name: 'Poll', value: 'poll' },
			],
			default: 'roundtrip',
		},
		{
			displayName: 'On Abort',
			name: 'onAbort',
			type: 'options',
			options: [
				{ name: 'Return', value: 'return' },
				{ name: 'Throw', value: 'throw' },
			],
			default: 'return',
		},
		{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
		{ displayName: 'Binary Property', name: 'binaryProperty', type: 'string', default: 'data' },
	],
});

async function probeExecute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const baseUrl = this.getNodeParameter('baseUrl', 0) as string;
	const signal = this.getExecutionCancelSignal();

	if (this.getNodeParameter('mode', 0) === 'poll') {
		this.onExecutionCancellation(() => {
			probeState.cancellationHandlerRan = true;
		});
		while (!signal?.aborted) {
			try {
				probeState.pollsMade++;
				await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${baseUrl}/poll`,
					json: true,
				});
			} catch (error) {
				if (!signal?.aborted) throw new NodeOperationError(this.getNode(), error as Error);
			}
			await sleep(20);
		}
		probeState.abortSeen = true;
		if (this.getNodeParameter('onAbort', 0) === 'throw') {
			throw new NodeOperationError(this.getNode(), 'Polling stopped because the run was cancelled');
		}
		// returning (not throwing) after an abort lets n8n finish the run as 'canceled'
		return [[{ json: { aborted: true, polls: probeState.pollsMade }, pairedItem: { item: 0 } }]];
	}

	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			if (items[i].json.fail) {
				throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, {
					itemIndex: i,
					description: 'the fail flag was set',
				});
			}
			if (items[i].json.boom) {
				await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${baseUrl}/boom`,
					json: true,
				});
			}
			const prop = this.getNodeParameter('binaryProperty', i) as string;
			const meta = this.helpers.assertBinaryData(i, prop);
			const bytes = await this.helpers.getBinaryDataBuffer(i, prop);
			let streamedLength = -1;
			if (meta.id) {
				const chunks: Buffer[] = [];
				for await (const c of await this.helpers.getBinaryStream(meta.id)) chunks.push(c as Buffer);
				streamedLength = Buffer.concat(chunks).length;
			}
			const upload = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				method: 'POST',
				url: `${baseUrl}/upload`,
				body: bytes,
				headers: { 'content-type': meta.mimeType },
				json: true,
			})) as { stored: number; token: string };
			const download = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				url: `${baseUrl}/download`,
				qs: { token: upload.token },
				encoding: 'stream',
			})) as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
			const binary = await this.helpers.prepareBinaryData(
				download,
				'result.bin',
				'application/octet-stream',
			);
			out.push({
				json: {
					greeting: this.getNodeParameter('greeting', i) as string,
					stored: upload.stored,
					streamedLength,
					inputMime: meta.mimeType,
				},
				binary: { result: binary },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- rethrows the NodeOperationError / NodeApiError unchanged, which is what is under test
			throw error;
		}
	}
	return [out];
}

class HarnessProbe implements INodeType {
	description = probeDescription;

	execute = probeExecute;
}

// ---------------------------------------------------------------- server

let server: EchoServer;
const stored = new Map<string, Buffer>();

useEchoServer((started) => (server = started));

afterAll(() => {
	// every run removed its temp dir (n8n folder + binary data storage)
	expect(liveTempDirs()).toEqual([]);
});

beforeEach(() => {
	stored.clear();
	Object.assign(probeState, { abortSeen: false, cancellationHandlerRan: false, pollsMade: 0 });
	server.route('POST', '/upload', (req, reply) => {
		const token = `t${stored.size}`;
		stored.set(token, Buffer.from(req.body).reverse()); // the "result" is the reversed upload
		reply.json(200, { stored: req.body.length, token });
	});
	server.route('GET', '/download', (req, reply) => {
		reply.raw(200, stored.get(req.query.token) ?? Buffer.alloc(0), {
			'content-type': 'application/octet-stream',
		});
	});
	server.route('GET', '/boom', (_req, reply) => reply.json(500, { message: 'kaput' }));
	server.route('GET', '/poll', async (_req, reply) => {
		await delay(40);
		reply.json(200, { status: 'PROCESSING' });
	});
});

const creds = (data: ICredentialDataDecryptedObject = { apiKey: 'k-123' }): HarnessCredential => ({
	type: 'testApi',
	data,
	credentialType: new TestApi(),
});

const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);

// ---------------------------------------------------------------- tests

describe('harness: runNode through n8n-core WorkflowExecute', () => {
	test('binary roundtrip, generic credential auth, expressions, defaults and pairedItem', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url, greeting: '={{ "hi " + $json.name }}' },
			credentials: creds(),
			input: [
				{
					json: { name: 'a' },
					binary: { data: { data: pngBytes, mimeType: 'image/png', fileName: 'a.png' } },
				},
				{
					json: { name: 'b' },
					binary: { data: { data: Buffer.from('second'), mimeType: 'text/plain' } },
				},
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.nodeExecutionOrder).toEqual(['Harness Fixture Source', 'Harness Probe']);
		expect(result.items).toHaveLength(2);

		// auth: generic authenticate resolved against $credentials, incl. the credential
		// property default (headerName 'x-test-key', tenant 'acme')
		const uploads = server.requestsTo('/upload');
		expect(uploads).toHaveLength(2);
		for (const r of [...uploads, ...server.requestsTo('/download')]) {
			expect(r.headers['x-test-key']).toBe('Key k-123');
			expect(r.query.tenant).toBe('acme');
		}
		expect(result.authenticatedRequests).toHaveLength(4);

		// binary in: the node read the fixture bytes via getBinaryDataBuffer / getBinaryStream
		expect(uploads[0].body.equals(pngBytes)).toBe(true);
		expect(uploads[0].headers['content-type']).toBe('image/png');
		expect(result.items[0].json).toEqual({
			greeting: 'hi a',
			stored: pngBytes.length,
			streamedLength: pngBytes.length,
			inputMime: 'image/png',
		});
		expect(result.items[1].json.greeting).toBe('hi b');

		// binary out: a Readable from a real HTTP response, stored by prepareBinaryData
		// in filesystem mode and read back through BinaryDataService
		const out = result.items[0].binary!.result;
		expect(out.id).toMatch(/^filesystem(-v2)?:/);
		expect(out.buffer.equals(Buffer.from(pngBytes).reverse())).toBe(true);
		expect(out.fileName).toBe('result.bin');
		expect(out.bytes).toBe(pngBytes.length);
		expect(result.items[1].binary!.result.buffer.toString()).toBe('dnoces');

		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test("binaryDataMode 'default' keeps binaries inline", async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url },
			credentials: creds(),
			input: [{ json: {}, binary: { data: { data: Buffer.from('abc'), mimeType: 'text/plain' } } }],
			binaryDataMode: 'default',
		});
		expect(result.status).toBe('success');
		const out = result.items[0].binary!.result;
		expect(out.id).toBeUndefined();
		expect(out.buffer.toString()).toBe('cba');
		expect(result.items[0].json.streamedLength).toBe(-1); // no id -> no stream
	});

	test('a function-style authenticate is applied too', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url },
			credentials: { type: 'testApi', data: { token: 'tok' }, credentialType: new FnTestApi() },
			input: [{ json: {}, binary: { data: { data: Buffer.from('x'), mimeType: 'text/plain' } } }],
		});
		expect(result.status).toBe('success');
		expect(server.requestsTo('/upload')[0].headers.authorization).toBe('Bearer tok');
	});

	test('a thrown NodeOperationError fails the run and surfaces as the original instance', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url },
			credentials: creds(),
			input: [
				{ json: {}, binary: { data: { data: Buffer.from('ok'), mimeType: 'text/plain' } } },
				{ json: { fail: true } },
			],
		});
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe('Item 1 asked to fail');
		expect((result.error as NodeOperationError).description).toBe('the fail flag was set');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		// n8n's own record of it (plain object in runData / resultData)
		expect(result.taskData?.error?.message).toBe('Item 1 asked to fail');
		expect(result.executionError?.message).toBe('Item 1 asked to fail');
	});

	test('HTTP errors from httpRequestWithAuthentication become NodeApiError', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url },
			credentials: creds(),
			input: [{ json: { boom: true } }],
		});
		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('500');
		expect(server.requestsTo('/boom')[0].headers['x-test-key']).toBe('Key k-123');
	});

	test('continueOnFail: the failing item becomes an error item, the others go on', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url },
			credentials: creds(),
			continueOnFail: true,
			input: [
				{ json: { fail: true } },
				{ json: {}, binary: { data: { data: Buffer.from('ok'), mimeType: 'text/plain' } } },
			],
		});
		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0]).toEqual({
			json: { error: 'Item 0 asked to fail' },
			pairedItem: { item: 0 },
		});
		expect(result.items[1].binary!.result.buffer.toString()).toBe('ko');
		expect(result.runData['Harness Probe'][0].data!.main[0]![1].pairedItem).toEqual({ item: 1 });
	});

	test('cancel: the abort signal reaches the node and polling stops', async () => {
		let pollsAtCancel = -1;
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url, mode: 'poll' },
			credentials: creds(),
			onStarted: (handle) => {
				void (async () => {
					await handle.nodeStarted;
					while (server.requestsTo('/poll').length < 3) await delay(10);
					pollsAtCancel = server.requestsTo('/poll').length;
					handle.cancel();
				})();
			},
		});
		expect(result.status).toBe('canceled');
		expect(result.cancelled).toBe(true);
		expect(result.timedOut).toBe(false);
		expect(result.error?.name).toBe('ManualExecutionCancelledError');
		expect(probeState.abortSeen).toBe(true);
		expect(probeState.cancellationHandlerRan).toBe(true);
		// what the node returned after the abort is still recorded
		expect(result.items[0].json.aborted).toBe(true);
		const pollsAfterRun = server.requestsTo('/poll').length;
		await delay(300);
		expect(server.requestsTo('/poll').length).toBe(pollsAfterRun);
		expect(pollsAfterRun).toBeLessThanOrEqual(pollsAtCancel + 1);
		// every poll carried the credential
		expect(server.requestsTo('/poll').every((r) => r.headers['x-test-key'] === 'Key k-123')).toBe(
			true,
		);
	});

	test("a node that throws after the abort turns the cancelled run into status 'error'", async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url, mode: 'poll', onAbort: 'throw' },
			credentials: creds(),
			onStarted: (handle) => {
				void handle.nodeStarted.then(async () => {
					await delay(100);
					handle.cancel();
				});
			},
		});
		// n8n-core only keeps 'canceled' if the error's message contains "canceled"
		// (US spelling) or its name contains "Cancelled"
		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe('Polling stopped because the run was cancelled');
	});

	test('timeoutMs cancels a run that does not finish', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: { baseUrl: server.url, mode: 'poll' },
			credentials: creds(),
			timeoutMs: 300,
		});
		expect(result.timedOut).toBe(true);
		expect(result.status).toBe('canceled');
		expect(probeState.abortSeen).toBe(true);
	});

	test('missing required parameters are rejected by n8n before the node runs', async () => {
		const result = await runNode({
			nodeType: new HarnessProbe(),
			parameters: {},
			credentials: creds(),
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(server.requests).toHaveLength(0);
	});

	test('versioned node types run their default version', async () => {
		const v1: INodeType = {
			description: { ...probeDescription, version: 1, credentials: [], properties: [] },
			async execute() {
				return [[{ json: { v: 1 } }]];
			},
		};
		const v2: INodeType = {
			description: { ...probeDescription, version: 2, credentials: [], properties: [] },
			async execute(this: IExecuteFunctions) {
				return [
					this.getInputData().map((item, i) => ({ json: { v: 2, ...item.json }, pairedItem: i })),
				];
			},
		};
		const versioned = new VersionedNodeType(
			{ 1: v1, 2: v2 },
			{
				displayName: 'Versioned Probe',
				name: 'versionedProbe',
				group: ['transform'],
				description: 'versioned',
				defaultVersion: 2,
			},
		);
		const result = await runNode({
			nodeType: versioned,
			input: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});
		expect(result.status).toBe('success');
		expect(result.nodeName).toBe('Versioned Probe');
		expect(result.items.map((i) => i.json)).toEqual([
			{ v: 2, a: 1 },
			{ v: 2, a: 2 },
		]);
		const old = await runNode({ nodeType: versioned, typeVersion: 1 });
		expect(old.items[0].json).toEqual({ v: 1 });
	});
});
