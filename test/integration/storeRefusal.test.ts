// n8n's binary data store refusing or failing to write the finished video, in n8n-core's real
// execution engine: the error names the store, quotes n8n's own message and carries the request
// ID, says the job finished at Segmind, and is not retried. A failure of the socket is still
// a transport failure. (In real n8n, queue mode: test/e2e/queue.e2e.mjs.)
import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { FileTooLargeError } from 'n8n-core';

import { sampleMp4 } from '../fixtures';
import { runSegmind } from '../harness/nodeRun';
import type { RunEnvironment } from '../harness/runtime';
import { useSimulator } from '../harness/serverPerFile';
import { breakStorageFolder, filesUnder, removeFolder, storageOf } from '../harness/storeFaults';
import type { Simulator } from '../simulator/segmindSimulator';

let sim: Simulator;
useSimulator((started) => (sim = started));

const WAIT: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};

type StoreCall = (
	location: unknown,
	data: Buffer | AsyncIterable<Buffer>,
	metadata: { fileName?: string },
) => Promise<unknown>;

async function readWhole(data: Buffer | AsyncIterable<Buffer>): Promise<Buffer> {
	if (Buffer.isBuffer(data)) return data;
	const chunks: Buffer[] = [];
	for await (const chunk of data) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** n8n's `database` manager as 2.41.1 ships it: the whole stream into one Buffer, then its size limit. */
const databaseLimit =
	(maxFileSizeMb: number): StoreCall =>
	async (_location, data, metadata) => {
		const buffer = await readWhole(data);
		const fileSizeMb = buffer.length / (1024 * 1024);
		if (fileSizeMb > maxFileSizeMb)
			throw new FileTooLargeError({
				fileSizeMb,
				maxFileSizeMb,
				fileId: 'f0e1d2c3',
				fileName: metadata.fileName,
			});
		return { fileId: 'never', fileSize: buffer.length };
	};

/** A database that fails the insert (the sqlite driver's error shape). */
const databaseFull: StoreCall = async (_location, data) => {
	await readWhole(data);
	throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), {
		errno: 13,
		code: 'SQLITE_FULL',
	});
};

/** A disk that fills up after the first chunk (what fs.writeFile rejects with). */
const diskFull: StoreCall = async (_location, data) => {
	// The first chunk is written, then the disk is full: the writer stops reading, as fs.writeFile does.
	const chunks = (data as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
	await chunks.next();
	await chunks.return?.();
	throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
		errno: -28,
		code: 'ENOSPC',
		syscall: 'write',
	});
};

/** Installs `store` as the run's binary data manager; what it keeps is read back from `kept`. */
function withStore(store: StoreCall, mode = 'database', kept = new Map<string, Buffer>()) {
	return (env: RunEnvironment) => {
		const service = env.binaryDataService as unknown as {
			mode: string;
			setManager(mode: string, manager: object): void;
		};
		service.setManager(mode, {
			store,
			getAsBuffer: async (fileId: string) => kept.get(fileId),
			deleteMany: async () => {},
		});
		service.mode = mode;
	};
}

const downloads = () => sim.requests.filter((request) => request.route === 'download');

function expectStoreRefusal(
	error: unknown,
	n8nSays: RegExp,
	{ requestId = sim.requests.find((r) => r.route === 'submit') && lastRequestId() } = {},
) {
	expect(error).toBeInstanceOf(NodeOperationError);
	const { message, description, context } = error as NodeOperationError;
	expect(message).toMatch(/^n8n's binary data store refused the video: /);
	expect(message).toMatch(n8nSays);
	expect(message).toContain(`(request ${requestId})`);
	expect(description).toContain(`Request ID: ${requestId}. The job finished at Segmind`);
	expect(description).toContain('"Get Result"');
	expect(description).toContain('URL Only');
	expect(context.requestId).toBe(requestId);
	for (const wrong of ['UNKNOWN', 'may still finish', 'Request to', 'while downloading'])
		expect(`${message} ${description}`).not.toContain(wrong);
	// The download was fine: it is not repeated.
	expect(downloads()).toHaveLength(1);
}

function lastRequestId(): string {
	return [...sim.jobs.keys()].at(-1)!;
}

describe("n8n's binary data store refuses or fails to write the video", () => {
	it("database mode over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: n8n's FileTooLargeError, quoted", async () => {
		const result = await runSegmind(sim, WAIT, {
			prepareEnvironment: withStore(databaseLimit(0.005)),
		});
		expectStoreRefusal(
			result.error,
			/FileTooLargeError: Failed to write binary file "wan-2\.2-i2v-flash-[0-9a-f]+\.mp4" \(f0e1d2c3\) because its size of 0\.01 MB exceeds the max size limit of 0\.005 MB set for `database` mode/,
		);
	});

	it('a database error (SQLITE_FULL) names the store, not the network', async () => {
		const result = await runSegmind(sim, WAIT, { prepareEnvironment: withStore(databaseFull) });
		expectStoreRefusal(result.error, /SQLITE_FULL: SQLITE_FULL: database or disk is full/);
	});

	it('a full disk in the middle of the write (ENOSPC) names the store, not the network', async () => {
		const result = await runSegmind(sim, WAIT, {
			prepareEnvironment: withStore(diskFull, 'filesystem-v2'),
		});
		expectStoreRefusal(result.error, /ENOSPC: ENOSPC: no space left on device, write/);
	});

	it("filesystem mode whose storage folder cannot be written (n8n's real FsByteStore)", async () => {
		let storage = '';
		const result = await runSegmind(sim, WAIT, {
			prepareEnvironment: (env) => {
				storage = storageOf(env.root);
				breakStorageFolder(storage);
			},
		});
		expectStoreRefusal(result.error, /E(NOTDIR|EXIST): /);
		expect(storage).not.toBe('');
	});

	it('on "Continue (using error output)" the error item carries the request ID in details', async () => {
		const result = await runSegmind(sim, WAIT, {
			prepareEnvironment: withStore(databaseLimit(0.005)),
			continueOnFail: 'continueErrorOutput',
		});
		const [item] = result.outputs[1];
		expect(item.json.error).toMatch(
			/^n8n's binary data store refused the video: FileTooLargeError/,
		);
		expect((item.json.details as { requestId: string }).requestId).toBe(lastRequestId());
		expect(item.binary).toBeUndefined();
	});

	it('a synchronous raw answer the store refuses says it cannot be fetched again', async () => {
		sim.configure({ v1Response: 'raw' });
		const result = await runSegmind(
			sim,
			{ ...WAIT, executionMode: 'sync' },
			{ prepareEnvironment: withStore(databaseLimit(0.005)) },
		);
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^n8n's binary data store refused the video: FileTooLargeError/);
		expect(error.description).toContain(
			'Segmind sent the video in its answer, so it cannot be fetched again.',
		);
		expect(error.description).not.toContain('Get Result" with this ID to fetch');
	});

	it('the same store under its limit keeps the video: a store that works is not misread', async () => {
		const kept = new Map<string, Buffer>();
		const store: StoreCall = async (_location, data) => {
			kept.set('kept', await readWhole(data));
			return { fileId: 'kept', fileSize: kept.get('kept')!.length };
		};
		const result = await runSegmind(sim, WAIT, {
			prepareEnvironment: withStore(store, 'database', kept),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sampleMp4)).toBe(true);
		expect(result.items[0].binary!.data.id).toBe('database:kept');
	});
});

describe('a failure of the socket is still a transport failure, not the store', () => {
	it('a download reset mid-body (every attempt) names the connection and is retried', async () => {
		sim.failNext('download', { kind: 'reset-midway' }, 4);
		const result = await runSegmind(sim, WAIT, { keepTempDir: true });
		const error = result.error as Error & { description?: string };
		expect(error.message).toMatch(
			/Request to 127\.0\.0\.1:\d+ failed \(ECONNRESET\) while downloading/,
		);
		expect(error.message).not.toContain('binary data store');
		// The job finished: the hint says how to fetch it again, not that it may still finish.
		expect(error.description).toContain('The job finished at Segmind');
		expect(error.description).not.toContain('may still finish');
		expect(downloads()).toHaveLength(4);
		// No partial file was left in n8n's storage.
		expect(
			filesUnder(storageOf(result.tempDir)).filter((f) => f.endsWith('.mp4') || !f.includes('.')),
		).toEqual([]);
		removeFolder(result.tempDir);
	});
});
