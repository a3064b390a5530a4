import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import { findModel, MODELS } from '../models';
import {
	ADDITIONAL_FIELDS,
	EXTRA_BODY_FIELDS,
	isAdditionalField,
	OTHER_MODEL,
	parameterName,
} from '../parameters/fieldNames';
import { buildRequestBody } from '../validation/buildRequestBody';
import { mergeExtraBody } from '../validation/extraBody';
import {
	fieldLabel,
	inputError,
	invalidInput,
	invalidMessage,
	NOTHING_SENT,
	nothingSent,
} from './inputErrors';
import type { PendingUpload } from './mediaInputs';
import { readMediaField } from './mediaInputs';

export interface PreparedBody {
	/** Validated body; binary inputs still hold placeholders until uploaded. */
	body: IDataObject;
	uploads: PendingUpload[];
}

const SLUG = /^[a-z0-9][a-z0-9._-]*$/i;

/** "Other (by Slug)": an undeclared model, its body passed through as the user wrote it. */
function otherModel(ctx: IExecuteFunctions, itemIndex: number): ModelDeclaration {
	const slug = String(ctx.getNodeParameter('otherSlug', itemIndex, '')).trim();
	if (!SLUG.test(slug)) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Model Slug'),
			`expected a Segmind slug such as "wan-2.5-i2v", got "${slug}"`,
			'Letters, digits, dots, dashes and underscores, as in https://api.segmind.com/v1/{slug}.',
		);
	}
	const typicalSeconds = Number(ctx.getNodeParameter('otherTypicalSeconds', itemIndex, 120));
	return {
		slug,
		displayName: slug,
		summary: 'Other Segmind model',
		inputKind: 'text',
		typicalSeconds: Number.isFinite(typicalSeconds) && typicalSeconds > 0 ? typicalSeconds : 120,
		fields: [],
	};
}

function otherBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('otherBody', itemIndex, '{}') as unknown;
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Body (JSON)'),
			'expected a JSON object such as {"prompt": "…"}',
		);
	}
	return parsed as IDataObject;
}

export function resolveModel(ctx: IExecuteFunctions, itemIndex: number): ModelDeclaration {
	const slug = ctx.getNodeParameter('model', itemIndex) as string;
	if (slug === OTHER_MODEL) return otherModel(ctx, itemIndex);
	const model = findModel(slug);
	if (!model) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`Unknown model "${slug}" for item ${itemIndex}`,
			`Model must be one of: ${MODELS.map((known) => known.slug).join(', ')}, or "${OTHER_MODEL}" with a slug`,
		);
	}
	return model;
}

/** The validated body plus "Extra Body Fields (JSON)"; refused before anything is sent. */
function withExtraBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: ModelDeclaration,
	body: IDataObject,
): IDataObject {
	const merged = mergeExtraBody(
		model,
		body,
		ctx.getNodeParameter(EXTRA_BODY_FIELDS, itemIndex, ''),
	);
	if (merged.ok) return merged.body;
	throw invalidInput(
		ctx.getNode(),
		itemIndex,
		fieldLabel('Extra Body Fields (JSON)', EXTRA_BODY_FIELDS),
		merged.problem,
		merged.advice,
	);
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
	if (model.fields.length === 0) return { body: otherBody(ctx, itemIndex), uploads: [] };
	const version = ctx.getNode().typeVersion;
	const additional = ctx.getNodeParameter(ADDITIONAL_FIELDS, itemIndex, {}) as IDataObject;
	const values: IDataObject = {};
	const uploads: PendingUpload[] = [];
	for (const field of model.fields) {
		const name = parameterName(field, version);
		if (field.type === 'uri') {
			const media = readMediaField(ctx, itemIndex, field);
			values[field.apiName] = media.value as IDataObject[string];
			uploads.push(...media.uploads);
		} else {
			values[field.apiName] = isAdditionalField(field, version)
				? additional[name]
				: ctx.getNodeParameter(name, itemIndex, field.default ?? undefined);
		}
	}
	const result = buildRequestBody(model, values);
	if (result.ok) return { body: withExtraBody(ctx, itemIndex, model, result.body), uploads };

	const { field, received, allowed, problem } = result.violation;
	const label = fieldLabel(field.displayName, field.apiName);
	if (problem) {
		// The entry first: a toast shows only the start of the message.
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`${problem}, in ${label} for item ${itemIndex}`,
			nothingSent(`${label} accepts ${allowed}.`),
		);
	}
	throw inputError(
		ctx.getNode(),
		itemIndex,
		invalidMessage(label, itemIndex, `${model.displayName} accepts ${allowed}, got ${received}`),
		`${NOTHING_SENT} Set "${field.displayName}" to ${allowed}.`,
	);
}
