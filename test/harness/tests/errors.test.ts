/**
 * Self-test of test/harness: a tiny test-only node type run through n8n-core's real
 * WorkflowExecute against a real HTTP server on 127.0.0.1. Errors: a thrown node error, HTTP
 * errors, and continue on fail.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runNode } from '../index';
import type { EchoServer } from '../echoServer';
import { HarnessProbe } from './probeNode';
import { creds, useProbeServer } from './probeServer';

let server: EchoServer;
useProbeServer((started) => (server = started));

describe('harness: runNode through n8n-core WorkflowExecute', () => {
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
});
