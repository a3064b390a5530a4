/**
 * Self-test of test/harness: a tiny test-only node type run through n8n-core's real
 * WorkflowExecute against a real HTTP server on 127.0.0.1. Runs: binaries both ways, credential
 * auth, expressions and defaults, parameter checks, versioned types.
 */
import { VersionedNodeType } from 'n8n-workflow';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { runNode } from '../index';
import type { EchoServer } from '../echoServer';
import { FnTestApi, HarnessProbe, probeDescription } from './probeNode';
import { creds, pngBytes, useProbeServer } from './probeServer';

let server: EchoServer;
useProbeServer((started) => (server = started));

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
