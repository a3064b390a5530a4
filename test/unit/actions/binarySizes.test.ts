import type { IBinaryData } from 'n8n-workflow';

import { checkUploadSizes } from '../../../nodes/SegmindWan/actions/binarySizes';
import type { RunBinaryBudget } from '../../../nodes/SegmindWan/actions/binarySizes';
import type { PendingUpload } from '../../../nodes/SegmindWan/actions/mediaInputs';
import { MAX_RUN_BINARY_BYTES } from '../../../nodes/SegmindWan/models/limits';
import type { UriField } from '../../../nodes/SegmindWan/models/types';
import { uriField } from './uriField';
import { binaryOf, fakeContext } from './fakeContext';

const IMAGE: UriField = uriField({
	apiName: 'image',
	displayName: 'Image',
	required: true,
	maxBytes: 1000,
});

const upload = (binary: IBinaryData, entry?: number): PendingUpload => ({
	placeholder: 'https://pending-upload.invalid/image/0',
	binaryPropertyName: 'data',
	mimeType: binary.mimeType,
	field: IMAGE,
	binary,
	entry,
});

const ctx = fakeContext({
	items: [{}, {}, {}, {}],
	binaryMetadata: { 'filesystem-v2:stored': { fileSize: 700 } },
});

describe('checkUploadSizes', () => {
	it("learns each exact size (n8n's bytes, the store's metadata, inline base64) and counts it toward the run", async () => {
		const uploads = [
			upload(binaryOf('image/png', { bytes: 100 })),
			upload(binaryOf('image/png', { id: 'filesystem-v2:stored' })),
			upload(binaryOf('image/png', { data: 'aGVsbG8=' })),
		];
		const budget: RunBinaryBudget = { usedBytes: 10 };
		await checkUploadSizes(ctx, 0, uploads, budget);
		expect(uploads.map((pending) => pending.bytes)).toEqual([100, 700, 5]);
		expect(budget.usedBytes).toBe(10 + 100 + 700 + 5);
	});

	it('falls back to the display size, which does not let the upload stream', async () => {
		const display = upload(binaryOf('image/png', { id: 'database:unknown', fileSize: '0.5 kB' }));
		const unknown = upload(binaryOf('image/png', { id: 'database:unknown' }));
		const budget: RunBinaryBudget = { usedBytes: 0 };
		await checkUploadSizes(ctx, 0, [display, unknown], budget);
		expect(display.bytes).toBeUndefined();
		expect(unknown.bytes).toBeUndefined();
		expect(budget.usedBytes).toBe(500);
	});

	it("refuses a file above its field's limit, naming the entry of a list", async () => {
		const budget: RunBinaryBudget = { usedBytes: 0 };
		const error = (await checkUploadSizes(
			ctx,
			3,
			[upload(binaryOf('image/png', { bytes: 1001 }), 1)],
			budget,
		).catch((failure: unknown) => failure)) as Error & { description?: string };
		expect(error.message).toBe(
			'Invalid "Image" (image) for item 3: binary field "data" (entry 2) has 1001 bytes, at most 1000 are allowed (0 MB per image file)',
		);
		expect(error.description).toBe(
			'Use a smaller image file, or give a public URL instead. Nothing was sent to Segmind.',
		);
		expect(budget.usedBytes).toBe(0);
	});

	it("refuses the file that takes the run past its total, and counts none of that item's bytes", async () => {
		const budget: RunBinaryBudget = { usedBytes: MAX_RUN_BINARY_BYTES - 150 };
		const uploads = [
			upload(binaryOf('image/png', { bytes: 100 })),
			upload(binaryOf('image/png', { bytes: 51 })),
		];
		const error = (await checkUploadSizes(ctx, 2, uploads, budget).catch(
			(failure: unknown) => failure,
		)) as Error & {
			description?: string;
		};
		expect(error.message).toBe(
			`Invalid "Image" (image) for item 2: binary field "data" brings this run's binary inputs to ${MAX_RUN_BINARY_BYTES + 1} bytes, at most ${MAX_RUN_BINARY_BYTES} are allowed per run (250 MB)`,
		);
		expect(error.description).toBe(
			'Send fewer items per run (e.g. Loop Over Items with a smaller batch), or give public URLs instead of binary files. Nothing was sent to Segmind.',
		);
		expect(budget.usedBytes).toBe(MAX_RUN_BINARY_BYTES - 150);
	});
});
