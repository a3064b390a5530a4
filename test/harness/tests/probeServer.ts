/**
 * The real HTTP server the harness self-test's probe node talks to (upload, download, boom,
 * poll), one per test file, with its routes and the probe's state fresh for every test.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { liveTempDirs, type HarnessCredential } from '../index';
import { delay, type EchoServer } from '../echoServer';
import { useEchoServer } from '../serverPerFile';
import { probeState, TestApi } from './probeNode';

export function useProbeServer(assign: (server: EchoServer) => void): void {
	let server: EchoServer;
	const stored = new Map<string, Buffer>();

	useEchoServer((started) => {
		server = started;
		assign(started);
	});

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
}

export const creds = (
	data: ICredentialDataDecryptedObject = { apiKey: 'k-123' },
): HarnessCredential => ({
	type: 'testApi',
	data,
	credentialType: new TestApi(),
});

export const pngBytes = Buffer.from([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5,
]);
