import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { binaryLimit, megabytes } from '../models/limits';
import type { UriField } from '../models/types';
import { parameterName, toParameterName } from '../parameters/fieldNames';
import type { UriSource } from '../parameters/mediaParameters';
import {
	binaryParameter,
	defaultSource,
	LIST_KEY,
	sourceParameter,
} from '../parameters/mediaParameters';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { streamedDataUrlBody } from '../transport/media/dataUrlBody';
import { uploadAsset } from '../transport/media/upload';
import { binaryInputLabel } from '../validation/mediaEntries';
import { fieldLabel, inputError, invalidInput, invalidMessage, ITEM_NOT_SENT } from './inputErrors';

/** A binary input checked during validation, uploaded just before the job is sent. */
export interface PendingUpload {
	placeholder: string;
	binaryPropertyName: string;
	mimeType: string;
	field: UriField;
	/** n8n's record of the binary (its size is checked before anything is sent). */
	binary: IBinaryData;
	/** Position in a list field (reference_images, reference_videos); undefined otherwise. */
	entry?: number;
	/** Its size in bytes, once checkUploadSizes knew it (lets the upload stream it). */
	bytes?: number;
}

/** Stands in for the upload's URL while the body is validated; replaced before sending. */
const placeholderUrl = (field: UriField, index: number) =>
	`https://pending-upload.invalid/${field.apiName}/${index}`;

function mimeAllowed(field: UriField, mimeType: string): boolean {
	const type = mimeType.split(';')[0].trim().toLowerCase();
	return field.mimeTypes ? field.mimeTypes.includes(type) : type.startsWith(`${field.media}/`);
}

function allowedTypes(field: UriField): string {
	return field.mimeTypes ? field.mimeTypes.join(', ') : `${field.media}/*`;
}

/**
 * Checks a binary input exists and has an accepted type; nothing is read or sent yet (its
 * size is checked next, see binarySizes.ts). `entry` is its position in a list field.
 */
function checkBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: UriField,
	binaryPropertyName: string,
	entry?: number,
): PendingUpload {
	const label = binaryInputLabel(field, entry ?? 0);
	const binaries = ctx.getInputData()[itemIndex]?.binary;
	const binary = binaries?.[binaryPropertyName];
	if (!binary) {
		const present = Object.keys(binaries ?? {}).join(', ') || 'none';
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			label,
			`the input item has no binary field "${binaryPropertyName}"`,
			`Set the binary field name to one the incoming item has (it has: ${present}), or use a URL.`,
		);
	}
	if (!mimeAllowed(field, binary.mimeType)) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			label,
			`binary field "${binaryPropertyName}" is ${binary.mimeType}, expected ${allowedTypes(field)}`,
		);
	}
	return {
		placeholder: placeholderUrl(field, entry ?? 0),
		binaryPropertyName,
		mimeType: binary.mimeType,
		field,
		binary,
		entry,
	};
}

interface ListEntry {
	source?: UriSource;
	url?: string;
	binaryPropertyName?: string;
}

/**
 * The value a media field contributes to the body (URL, list of URLs, or placeholders for
 * binary inputs) and the uploads it needs.
 */
export function readMediaField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: UriField,
): { value: unknown; uploads: PendingUpload[] } {
	const name = toParameterName(field.apiName);
	if (field.maxItems) {
		// A list may carry its model's own name (e.g. referenceImagesWan30, up to 10 entries).
		const listName = parameterName(field, ctx.getNode().typeVersion);
		const list = ctx.getNodeParameter(listName, itemIndex, {}) as IDataObject;
		const entries = (list[LIST_KEY] ?? []) as ListEntry[];
		const uploads: PendingUpload[] = [];
		const values = entries.map((entry, index) => {
			if (entry.source !== 'binary') return entry.url ?? '';
			const upload = checkBinary(ctx, itemIndex, field, entry.binaryPropertyName || 'data', index);
			uploads.push(upload);
			return upload.placeholder;
		});
		return { value: values.length === 0 ? undefined : values, uploads };
	}
	const source = ctx.getNodeParameter(
		sourceParameter(field),
		itemIndex,
		defaultSource(field),
	) as UriSource;
	if (source === 'none') return { value: undefined, uploads: [] };
	if (source === 'binary') {
		const property = ctx.getNodeParameter(binaryParameter(field), itemIndex, 'data') as string;
		const upload = checkBinary(ctx, itemIndex, field, property);
		return { value: upload.placeholder, uploads: [upload] };
	}
	return { value: ctx.getNodeParameter(name, itemIndex, field.default ?? ''), uploads: [] };
}

/** Uploads the item's binary inputs and puts their URLs where the placeholders were. */
async function resolveUploads(
	scope: CallScope,
	body: IDataObject,
	uploads: PendingUpload[],
): Promise<IDataObject> {
	if (uploads.length === 0) return body;
	const resolved: IDataObject = { ...body };
	for (const upload of uploads) {
		const url = await uploadAsset(scope, await uploadSource(scope, upload), upload.mimeType);
		const current = resolved[upload.field.apiName];
		resolved[upload.field.apiName] = Array.isArray(current)
			? current.map((entry) => (entry === upload.placeholder ? url : entry))
			: url;
	}
	return resolved;
}

/**
 * A binary in n8n's store (filesystem, database, S3 modes) with a known size is streamed, read
 * and base64-encoded as it is sent; an inline one (default mode) is already in memory.
 */
async function uploadSource(scope: CallScope, upload: PendingUpload) {
	const id = upload.binary.id;
	if (id && upload.bytes !== undefined)
		return streamedDataUrlBody(scope.ctx, id, upload.mimeType, upload.bytes);
	const data = await scope.ctx.helpers.getBinaryDataBuffer(
		scope.itemIndex,
		upload.binaryPropertyName,
	);
	// Only reached when n8n knew no size for the binary beforehand.
	const limit = binaryLimit(upload.field);
	if (data.length > limit) {
		const { field, binaryPropertyName } = upload;
		const problem =
			`binary field "${binaryPropertyName}" has ${data.length} bytes, ` +
			`at most ${limit} are allowed (${megabytes(limit)} per ${field.media} file)`;
		throw inputError(
			scope.ctx.getNode(),
			scope.itemIndex,
			invalidMessage(fieldLabel(field.displayName, field.apiName), scope.itemIndex, problem),
			ITEM_NOT_SENT,
		);
	}
	return data;
}

/** What uploading needs of a prepared job (see PreparedJob in prepareItem.ts). */
interface JobInputs {
	itemIndex: number;
	prepared: { body: IDataObject; uploads: PendingUpload[] };
	options: { maxWaitMs: number };
}

/**
 * The body a job sends: its binary inputs uploaded (each call bounded by Max Wait from now)
 * and their URLs in place of the placeholders.
 */
export async function uploadInputs(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	job: JobInputs,
): Promise<IDataObject> {
	const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
	return await resolveUploads(scope, job.prepared.body, job.prepared.uploads);
}
