import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ModelDeclaration, ModelField } from '../models/types';
import { ADDITIONAL_FIELDS, isAdditionalField, parameterName } from '../parameters/fieldNames';
import { uriProperties } from './uriProperties';

/** The allowed range, shown under the field (n8n's hint), so it is visible without hovering. */
function rangeHint(field: ModelField): string | undefined {
	if (field.type === 'number')
		return field.min !== undefined ? `From ${field.min} to ${field.max}` : undefined;
	if (field.type !== 'integer' || field.options) return undefined;
	if (field.min !== undefined && field.max !== undefined)
		return `From ${field.min} to ${field.max}`;
	return undefined;
}

const hoverRange = (field: ModelField) =>
	field.type === 'integer' && rangeHint(field) ? ` (${field.min}–${field.max})` : '';

/**
 * What a free-text field starts with. Version 2 starts empty and shows the page's sample as a
 * placeholder: an empty field is left out of the request, so Segmind applies its own default,
 * and a required prompt must be written before anything is paid for.
 */
function textDefault(field: ModelField, version: number): string {
	if (version >= 2) return '';
	return typeof field.default === 'string' ? field.default : '';
}

const samplePlaceholder = (field: ModelField) =>
	typeof field.default === 'string' && field.default !== '' ? `e.g. ${field.default}` : undefined;

/** The n8n property for one field, without display options. */
export function fieldProperty(field: ModelField, version: number): INodeProperties {
	const base = {
		displayName: field.displayName,
		name: parameterName(field, version),
		description: field.description,
		required: field.required && !isAdditionalField(field, version) ? true : undefined,
	};
	switch (field.type) {
		case 'boolean':
			// No documented default: it lives in Additional Fields and starts unchecked when added.
			return { ...base, type: 'boolean', default: field.default ?? false };
		case 'number':
			return {
				...base,
				hint: rangeHint(field),
				type: 'number',
				typeOptions: { minValue: field.min, maxValue: field.max },
				default: field.default ?? 0,
			};
		case 'integer':
			if (field.options) {
				return {
					...base,
					type: 'options',
					options: field.options.map((value): INodePropertyOptions => ({
						name: String(value),
						value,
					})),
					default: field.default ?? field.options[0],
				};
			}
			return {
				...base,
				// Version 1 kept the range in the hover tip only.
				...(version >= 2
					? { hint: rangeHint(field) }
					: { description: field.description + hoverRange(field) }),
				type: 'number',
				typeOptions: { minValue: field.min, maxValue: field.max, numberPrecision: 0 },
				default: field.default ?? 0,
			};
		case 'string':
			if (field.options) {
				return {
					...base,
					type: 'options',
					options: field.options.map((value): INodePropertyOptions => ({ name: value, value })),
					default: field.default ?? field.options[0],
				};
			}
			return {
				...base,
				type: 'string',
				typeOptions: field.multiline ? { rows: 3 } : undefined,
				default: textDefault(field, version),
				...(version >= 2 && samplePlaceholder(field)
					? { placeholder: samplePlaceholder(field) }
					: {}),
			};
		case 'uri':
			// Media inputs are derived by uriProperties(); as a plain field they are a URL.
			return { ...base, type: 'string', placeholder: 'https://…', default: field.default ?? '' };
	}
}

/**
 * All properties of one model, visible only while that model is selected. Fields with a
 * default or marked required come first, in declaration order; the rest go into a collection.
 */
export function modelProperties(
	model: ModelDeclaration,
	operations: string[],
	version: number,
): INodeProperties[] {
	const displayOptions = { show: { operation: operations, model: [model.slug] } };
	const main = model.fields
		.filter((field) => !isAdditionalField(field, version))
		.flatMap((field) =>
			field.type === 'uri'
				? uriProperties(field, displayOptions, version)
				: [{ ...fieldProperty(field, version), displayOptions }],
		);
	const extra = model.fields
		.filter((field) => isAdditionalField(field, version))
		.map((field) => fieldProperty(field, version));
	if (extra.length === 0) return main;
	return [
		...main,
		{
			displayName: 'Additional Fields',
			name: ADDITIONAL_FIELDS,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions,
			options: extra.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}
