/**
 * Self-test of test/harness: a tiny test-only node type run through n8n-core's real
 * WorkflowExecute against a real HTTP server on 127.0.0.1. Cancellation and run timeouts.
 */
import { NodeOperationError } from 'n8n-workflow';

import { runNode } from '../index';
import { delay, type EchoServer } from '../echoServer';
import { HarnessProbe, probeState } from './probeNode';
import { creds, useProbeServer } from './probeServer';

let server: EchoServer;
useProbeServer((started) => (server = started));

describe('harness: runNode through n8n-core WorkflowExecute', () => {
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
});
