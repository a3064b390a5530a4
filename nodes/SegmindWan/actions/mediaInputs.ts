import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toParameterName } from '../description/fieldNames';
import type { UriSource } from '../description/uriProperties';
import { binaryParameter, defaultSource, LIST_KEY, sourceParameter } from '../description/uriProperties';
import { binaryLimit, megabytes } from '../models/limits';
import type { ModelDeclaration, UriField } from '../models/types';
import type { CallScope } from '../transport/client/session';
import { streamedDataUrlBody } from '../transport/media/dataUrlBody';
import { uploadAsset } from '../transport/media/upload';
import { binaryInputLabel } from '../validation/mediaEntries';

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
	const label = `${binaryInputLabel(field, entry ?? 0)} for item ${itemIndex}`;
	const binary = ctx.getInputData()[itemIndex]?.binary?.[binaryPropertyName];
	if (!binary) {
		throw new NodeOperationError(ctx.getNode(), `Invalid ${label}: the input item has no binary field "${binaryPropertyName}"`, {
			description: `Set the binary field name to one the incoming item has (it has: ${Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {}).join(', ') || 'none'}), or use a URL. Nothing was sent to Segmind.`,
			itemIndex,
		});
	}
	if (!mimeAllowed(field, binary.mimeType)) {
		throw new NodeOperationError(ctx.getNode(), `Invalid ${label}: binary field "${binaryPropertyName}" is ${binary.mimeType}, expected ${allowedTypes(field)}`, {
			description: 'Nothing was sent to Segmind.',
			itemIndex,
		});
	}
	return { placeholder: placeholderUrl(field, entry ?? 0), binaryPropertyName, mimeType: binary.mimeType, field, binary, entry };
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
		const list = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
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
	const source = ctx.getNodeParameter(sourceParameter(field), itemIndex, defaultSource(field)) as UriSource;
	if (source === 'none') return { value: undefined, uploads: [] };
	if (source === 'binary') {
		const property = ctx.getNodeParameter(binaryParameter(field), itemIndex, 'data') as string;
		const upload = checkBinary(ctx, itemIndex, field, property);
		return { value: upload.placeholder, uploads: [upload] };
	}
	return { value: ctx.getNodeParameter(name, itemIndex, field.default ?? ''), uploads: [] };
}

/** Uploads the item's binary inputs and puts their URLs where the placeholders were. */
export async function resolveUploads(
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
	if (id && upload.bytes !== undefined) return streamedDataUrlBody(scope.ctx, id, upload.mimeType, upload.bytes);
	const data = await scope.ctx.helpers.getBinaryDataBuffer(scope.itemIndex, upload.binaryPropertyName);
	// Only reached when n8n knew no size for the binary beforehand.
	const limit = binaryLimit(upload.field);
	if (data.length > limit) {
		throw new NodeOperationError(scope.ctx.getNode(), `Invalid "${upload.field.displayName}" (${upload.field.apiName}) for item ${scope.itemIndex}: binary field "${upload.binaryPropertyName}" has ${data.length} bytes, at most ${limit} are allowed (${megabytes(limit)} per ${upload.field.media} file)`, {
			description: 'This item was not sent to Segmind.',
			itemIndex: scope.itemIndex,
		});
	}
	return data;
}

export function mediaFields(model: ModelDeclaration): UriField[] {
	return model.fields.filter((field): field is UriField => field.type === 'uri');
}
