import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { binaryLimit, MAX_RUN_BINARY_BYTES, megabytes } from '../models/limits';
import { fieldLabel, invalidInput } from './inputErrors';
import type { PendingUpload } from './mediaInputs';

/** Binary bytes the run's items accepted so far (checked against MAX_RUN_BINARY_BYTES). */
export interface RunBinaryBudget {
	usedBytes: number;
}

const SI_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** n8n's display size ("410 MB", decimal units, 3 digits): approximate, the last resort. */
function parseFileSize(text: string | undefined): number | undefined {
	const match = /^\s*([\d.]+)\s*([kmgt]?b)\s*$/i.exec(text ?? '');
	return match ? Math.round(Number(match[1]) * SI_UNITS[match[2].toUpperCase()]) : undefined;
}

/** Bytes behind inline base64 data, without decoding it. */
function base64Bytes(data: string): number {
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return Math.floor((data.length * 3) / 4) - padding;
}

/**
 * A binary input's exact size without reading it: n8n's `bytes`, else the binary store's
 * metadata (filesystem, database, S3 modes), else the inline base64's length.
 */
async function exactBinarySize(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) {
		try {
			const metadata = await ctx.helpers.getBinaryMetadata(binary.id);
			if (typeof metadata.fileSize === 'number') return metadata.fileSize;
		} catch {
			// A store without metadata: the display size is all there is.
		}
	} else if (typeof binary.data === 'string' && binary.data.length > 0) {
		return base64Bytes(binary.data);
	}
	return undefined;
}

function sizeRefusal(
	ctx: IExecuteFunctions,
	itemIndex: number,
	upload: PendingUpload,
	problem: string,
	advice: string,
) {
	const { field, binaryPropertyName } = upload;
	const entry = upload.entry === undefined ? '' : ` (entry ${upload.entry + 1})`;
	return invalidInput(
		ctx.getNode(),
		itemIndex,
		fieldLabel(field.displayName, field.apiName),
		`binary field "${binaryPropertyName}"${entry} ${problem}`,
		advice,
	);
}

/**
 * Checks an item's binary inputs against their field's limit and the run's total, before
 * anything is sent. The item's bytes count toward the run only once all of them pass.
 */
export async function checkUploadSizes(
	ctx: IExecuteFunctions,
	itemIndex: number,
	uploads: PendingUpload[],
	budget: RunBinaryBudget,
): Promise<void> {
	let itemBytes = 0;
	for (const upload of uploads) {
		const exact = await exactBinarySize(ctx, upload.binary);
		// The streamed upload announces its length up front: only an exact size lets it stream.
		upload.bytes = exact;
		const size = exact ?? parseFileSize(upload.binary.fileSize);
		if (size === undefined) continue;
		const limit = binaryLimit(upload.field);
		const { media } = upload.field;
		if (size > limit) {
			throw sizeRefusal(
				ctx,
				itemIndex,
				upload,
				`has ${size} bytes, at most ${limit} are allowed (${megabytes(limit)} per ${media} file)`,
				`Use a smaller ${media} file, or give a public URL instead.`,
			);
		}
		itemBytes += size;
		const total = budget.usedBytes + itemBytes;
		if (total > MAX_RUN_BINARY_BYTES) {
			const runLimit = `${MAX_RUN_BINARY_BYTES} are allowed per run (${megabytes(MAX_RUN_BINARY_BYTES)})`;
			throw sizeRefusal(
				ctx,
				itemIndex,
				upload,
				`brings this run's binary inputs to ${total} bytes, at most ${runLimit}`,
				'Send fewer items per run (e.g. Loop Over Items with a smaller batch), or give public URLs instead of binary files.',
			);
		}
	}
	budget.usedBytes += itemBytes;
}
