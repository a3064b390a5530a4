/**
 * The paid-jobs record's parts on their own: the fingerprint (what counts as the same job), the
 * in-process ledger (expiry with Segmind's hour, its cap) and the custom-data record (n8n's
 * key and value limits, how many jobs fit).
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import {
	MAX_SLOTS,
	recordedJobOf,
	recordedJobs,
	recordJob,
} from '../../../nodes/SegmindWan/actions/paidJobs/executionRecord';
import { hash64, jobFingerprint } from '../../../nodes/SegmindWan/actions/paidJobs/fingerprint';
import type { PaidJob } from '../../../nodes/SegmindWan/actions/paidJobs/ledger';
import {
	clearLedger,
	identicalPaidJob,
	ledgerSize,
	MAX_ENTRIES,
	paidJobOfRunItem,
	rememberPaidJob,
	RETENTION_MS,
} from '../../../nodes/SegmindWan/actions/paidJobs/ledger';

const png = (extra: Partial<IBinaryData> = {}): IBinaryData => ({
	data: 'iVBORw0KGgo=',
	mimeType: 'image/png',
	...extra,
});
const job = (body: IDataObject, binaries: IBinaryData[] = []) => ({
	model: { slug: 'wan2.7-i2v' },
	prepared: {
		body,
		uploads: binaries.map((binary, index) => ({ placeholder: `https://p/${index}`, binary })),
	},
});

describe('jobFingerprint', () => {
	it('is the same for the same model, parameters (in any key order) and binary inputs', () => {
		expect(jobFingerprint(job({ prompt: 'a', seed: 1 }, [png()]))).toBe(
			jobFingerprint(job({ seed: 1, prompt: 'a' }, [png()])),
		);
		expect(hash64('x')).toMatch(/^[0-9a-f]{16}$/);
	});

	it('differs with any parameter, the model, or the identity of a binary input', () => {
		const base = jobFingerprint(job({ prompt: 'a' }, [png()]));
		expect(jobFingerprint(job({ prompt: 'b' }, [png()]))).not.toBe(base);
		expect(jobFingerprint({ ...job({ prompt: 'a' }, [png()]), model: { slug: 'x' } })).not.toBe(
			base,
		);
		expect(jobFingerprint(job({ prompt: 'a' }, [png({ data: 'AAAA' })]))).not.toBe(base);
		// A stored binary is known by n8n's id, whatever its inline fields say.
		const stored = jobFingerprint(job({ prompt: 'a' }, [png({ id: 'filesystem-v2:1' })]));
		expect(jobFingerprint(job({ prompt: 'a' }, [png({ id: 'filesystem-v2:2' })]))).not.toBe(stored);
		expect(
			jobFingerprint(job({ prompt: 'a' }, [png({ id: 'filesystem-v2:1', data: 'other' })])),
		).toBe(stored);
	});
});

describe('the in-process ledger', () => {
	beforeEach(() => clearLedger());
	const paid = (requestId: string, submittedAt = Date.now()): PaidJob => ({
		requestId,
		slug: 'wan2.7-i2v',
		fingerprint: 'f',
		submittedAt,
		status: 'QUEUED',
		statusUrl: 's',
		responseUrl: 'r',
	});

	it("forgets a job after Segmind's one-hour retention", () => {
		const submittedAt = Date.now();
		rememberPaidJob('run-item', 'identical', paid('r1', submittedAt));
		expect(paidJobOfRunItem('run-item', submittedAt + RETENTION_MS - 1)?.requestId).toBe('r1');
		expect(identicalPaidJob('identical', submittedAt + RETENTION_MS - 1)?.requestId).toBe('r1');
		expect(paidJobOfRunItem('run-item', submittedAt + RETENTION_MS)).toBeUndefined();
		expect(identicalPaidJob('identical', submittedAt + RETENTION_MS)).toBeUndefined();
	});

	it(`holds at most ${MAX_ENTRIES} entries, dropping the oldest`, () => {
		for (let n = 0; n < MAX_ENTRIES + 10; n++) rememberPaidJob(`k${n}`, `i${n}`, paid(`r${n}`));
		expect(ledgerSize()).toBe(MAX_ENTRIES);
		expect(paidJobOfRunItem('k0')).toBeUndefined();
		expect(paidJobOfRunItem(`k${MAX_ENTRIES + 9}`)?.requestId).toBe(`r${MAX_ENTRIES + 9}`);
	});
});

/** n8n's custom data rules (n8n-core execution-metadata.ts): 10 keys, [letters digits _]{≤50}. */
function fakeExecution(existingKeys = 0) {
	const metadata: Record<string, string> = {};
	for (let n = 0; n < existingKeys; n++) metadata[`user_${n}`] = 'x';
	const customData = {
		set(key: string, value: string) {
			if (!(key in metadata) && Object.keys(metadata).length >= 10) return;
			if (!/^[\p{L}\p{N}_]+$/u.test(key) || key.length > 50) throw new Error(`bad key ${key}`);
			metadata[key] = value.slice(0, 255);
		},
		getAll: () => ({ ...metadata }),
	};
	const node = { name: 'Segmind Wan' } as INode;
	const ctx = {
		getNode: () => node,
		getWorkflowDataProxy: () => ({ $execution: { customData } }),
	} as unknown as IExecuteFunctions;
	return { ctx, metadata };
}

describe("the execution's custom-data record", () => {
	const uuid = (n: number) => `0b3c${String(n).padStart(4, '0')}-1111-2222-3333-444455556666`;

	it(`keeps ${MAX_SLOTS * 4} jobs of one node within n8n's key and value limits, then says it is full`, () => {
		const { ctx, metadata } = fakeExecution();
		const capacity = MAX_SLOTS * 4;
		for (let n = 0; n < capacity; n++) {
			const ok = recordJob(ctx, {
				itemIndex: n,
				fingerprint: hash64(String(n)),
				requestId: uuid(n),
				submittedAt: 1_700_000_000_000 + n * 1000,
			});
			expect(ok).toBe(true);
		}
		expect(
			recordJob(ctx, { itemIndex: 99, fingerprint: 'f', requestId: uuid(99), submittedAt: 0 }),
		).toBe(false);
		expect(Object.keys(metadata)).toHaveLength(MAX_SLOTS);
		for (const [key, value] of Object.entries(metadata)) {
			expect(key).toMatch(/^segmindWan_[0-9a-f]{8}_\d$/);
			expect(value.length).toBeLessThanOrEqual(255);
		}
		const jobs = recordedJobs(ctx);
		expect(jobs).toHaveLength(capacity);
		expect(jobs[3]).toEqual({
			itemIndex: 3,
			fingerprint: hash64('3').slice(0, 8),
			requestId: uuid(3),
			submittedAt: 1_700_000_003_000,
		});
		expect(recordedJobOf(ctx, 5, hash64('5'))?.requestId).toBe(uuid(5));
		expect(recordedJobOf(ctx, 5, hash64('other'))).toBeUndefined();
	});

	it("leaves the workflow's own custom data alone and reports false when n8n's 10 keys are taken", () => {
		const { ctx, metadata } = fakeExecution(10);
		expect(recordJob(ctx, { itemIndex: 0, fingerprint: 'f', requestId: 'r', submittedAt: 0 })).toBe(
			false,
		);
		expect(Object.keys(metadata)).toHaveLength(10);
	});
});
