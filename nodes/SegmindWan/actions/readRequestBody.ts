import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ADDITIONAL_FIELDS, toParameterName } from '../description/fieldNames';
import { isAdditionalField } from '../description/modelProperties';
import type { ModelDeclaration } from '../models/types';
import { findModel, MODELS } from '../models';
import { buildRequestBody } from '../validation/buildRequestBody';
import type { PendingUpload } from './mediaInputs';
import { readMediaField } from './mediaInputs';

export interface PreparedBody {
	/** Validated body; binary inputs still hold placeholders until uploaded. */
	body: IDataObject;
	uploads: PendingUpload[];
}

export function resolveModel(ctx: IExecuteFunctions, itemIndex: number): ModelDeclaration {
	const slug = ctx.getNodeParameter('model', itemIndex) as string;
	const model = findModel(slug);
	if (!model) {
		throw new NodeOperationError(ctx.getNode(), `Unknown model "${slug}" for item ${itemIndex}`, {
			description: `Model must be one of: ${MODELS.map((known) => known.slug).join(', ')}`,
			itemIndex,
		});
	}
	return model;
}

/**
 * Reads the item's field values (keyed by Segmind's names) and validates them against the
 * model's declaration. Runs before anything is sent, so a mistake costs nothing.
 */
export function readRequestBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: ModelDeclaration,
): PreparedBody {
	const additional = ctx.getNodeParameter(ADDITIONAL_FIELDS, itemIndex, {}) as IDataObject;
	const values: IDataObject = {};
	const uploads: PendingUpload[] = [];
	for (const field of model.fields) {
		const name = toParameterName(field.apiName);
		if (field.type === 'uri') {
			const media = readMediaField(ctx, itemIndex, field);
			values[field.apiName] = media.value as IDataObject[string];
			uploads.push(...media.uploads);
		} else {
			values[field.apiName] = isAdditionalField(field)
				? additional[name]
				: ctx.getNodeParameter(name, itemIndex, field.default ?? undefined);
		}
	}
	const result = buildRequestBody(model, values);
	if (result.ok) return { body: result.body, uploads };

	const { field, received, allowed } = result.violation;
	throw new NodeOperationError(
		ctx.getNode(),
		`Invalid "${field.displayName}" (${field.apiName}) for item ${itemIndex}: ${model.displayName} accepts ${allowed}, got ${received}`,
		{
			description: `Nothing was sent to Segmind. Set "${field.displayName}" to ${allowed}.`,
			itemIndex,
		},
	);
}
