import { z } from 'zod';

import type { ModelDeclaration, ModelField } from '../models/types';

export function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

const httpUrl = z.string().refine(isHttpUrl);

function fieldSchema(field: ModelField): z.ZodTypeAny {
	switch (field.type) {
		case 'boolean':
			return z.boolean();
		case 'number': {
			let schema = z.number();
			if (field.min !== undefined) schema = schema.min(field.min);
			if (field.max !== undefined) schema = schema.max(field.max);
			return schema;
		}
		case 'integer': {
			if (field.options) {
				const [first, second, ...rest] = field.options.map((value) => z.literal(value));
				return second ? z.union([first, second, ...rest]) : first;
			}
			let schema = z.number().int();
			if (field.min !== undefined) schema = schema.min(field.min);
			if (field.max !== undefined) schema = schema.max(field.max);
			return schema;
		}
		case 'string':
			if (field.options) return z.enum(field.options as [string, ...string[]]);
			return field.required ? z.string().trim().min(1) : z.string();
		case 'uri':
			return field.maxItems
				? z.union([httpUrl, z.array(httpUrl).min(1).max(field.maxItems)])
				: httpUrl;
	}
}

/** The zod schema of one model's request body, keyed by Segmind's own parameter names. */
export function requestSchema(model: ModelDeclaration) {
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const field of model.fields) {
		shape[field.apiName] = field.required ? fieldSchema(field) : fieldSchema(field).optional();
	}
	return z.object(shape).strict();
}

/** Plain-words statement of what a field accepts, used in validation errors. */
export function describeAllowed(field: ModelField): string {
	switch (field.type) {
		case 'boolean':
			return 'true or false';
		case 'number':
			if (field.min !== undefined && field.max !== undefined)
				return `a number from ${field.min} to ${field.max}`;
			return 'a number';
		case 'integer':
			if (field.options) return `one of ${field.options.join(', ')}`;
			if (field.min !== undefined && field.max !== undefined)
				return `a whole number from ${field.min} to ${field.max}`;
			return 'a whole number';
		case 'string':
			if (field.options) return `one of ${field.options.map((value) => `"${value}"`).join(', ')}`;
			return field.required ? 'non-empty text' : 'text';
		case 'uri':
			return field.maxItems ? `1 to ${field.maxItems} public http(s) URLs` : 'a public http(s) URL';
	}
}
