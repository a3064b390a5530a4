import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ModelDeclaration, ModelField } from '../models/types';
import { ADDITIONAL_FIELDS, toParameterName } from './fieldNames';
import { uriProperties } from './uriProperties';

/**
 * Field with no default and not required: shown under "Additional Fields", sent only when set.
 * Media inputs are the exception: they have their own source selector with "None".
 */
export function isAdditionalField(field: ModelField): boolean {
	return !field.required && field.default === null && field.type !== 'uri';
}

function describeRange(field: ModelField): string {
	if (field.type !== 'integer' || field.options) return '';
	if (field.min !== undefined && field.max !== undefined) return ` (${field.min}–${field.max})`;
	return '';
}

/** The n8n property for one field, without display options. */
export function fieldProperty(field: ModelField): INodeProperties {
	const base = {
		displayName: field.displayName,
		name: toParameterName(field.apiName),
		description: field.description + describeRange(field),
		required: field.required && !isAdditionalField(field) ? true : undefined,
	};
	switch (field.type) {
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default };
		case 'integer':
			if (field.options) {
				return {
					...base,
					type: 'options',
					options: field.options.map(
						(value): INodePropertyOptions => ({ name: String(value), value }),
					),
					default: field.default ?? field.options[0],
				};
			}
			return {
				...base,
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
				default: field.default ?? '',
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
export function modelProperties(model: ModelDeclaration, operations: string[]): INodeProperties[] {
	const displayOptions = { show: { operation: operations, model: [model.slug] } };
	const main = model.fields
		.filter((field) => !isAdditionalField(field))
		.flatMap((field) =>
			field.type === 'uri'
				? uriProperties(field, displayOptions)
				: [{ ...fieldProperty(field), displayOptions }],
		);
	const extra = model.fields.filter(isAdditionalField).map(fieldProperty);
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
