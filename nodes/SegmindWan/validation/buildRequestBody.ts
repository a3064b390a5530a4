import type { IDataObject } from 'n8n-workflow';

import type { ModelDeclaration, ModelField } from '../models/types';
import { mediaProblem } from './mediaEntries';
import { describeAllowed, requestSchema } from './requestSchema';

export interface FieldViolation {
	field: ModelField;
	/** What the user gave, as far as it is safe and short to show. */
	received: string;
	allowed: string;
	/** A media entry's own problem, naming the entry ("Reference image 2: the URL is empty"). */
	problem?: string;
}

export type BodyResult = { ok: true; body: IDataObject } | { ok: false; violation: FieldViolation };

function show(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * URLs are trimmed; a one-entry list is sent as a plain string, as the model pages show. An
 * empty entry stays a list so validation refuses it, instead of it vanishing and Segmind
 * silently using its own default reference.
 */
function normaliseUris(value: unknown): unknown {
	if (typeof value === 'string') return value.trim();
	if (!Array.isArray(value)) return value;
	const urls = value.map((url) => (typeof url === 'string' ? url.trim() : url));
	return urls.length === 1 && urls[0] !== '' ? urls[0] : urls;
}

const named = (field: ModelField) => `"${field.displayName}" (${field.apiName})`;

/**
 * Two inputs the model refuses together (Wan 3.0: a first frame and reference images): the
 * violation names both, on the later one, so the user knows which pair to resolve.
 */
function exclusiveConflict(
	model: ModelDeclaration,
	candidate: Record<string, unknown>,
): FieldViolation | undefined {
	for (const group of model.exclusiveFields ?? []) {
		const given = model.fields.filter(
			(field) => group.includes(field.apiName) && candidate[field.apiName] !== undefined,
		);
		if (given.length < 2) continue;
		const [first, second] = given;
		return {
			field: second,
			received: show(candidate[second.apiName]),
			allowed: `nothing while ${named(first)} is set: give one of ${given.map(named).join(' or ')}`,
			problem: `${named(first)} and ${named(second)} cannot be used together`,
		};
	}
	return undefined;
}

/**
 * Turns the user's values (keyed by Segmind names) into the request body: empty optional
 * values are left out so Segmind applies its own default, media entries are checked one by
 * one (so the message names the entry), everything else is checked
 * against the model's schema.
 */
export function buildRequestBody(model: ModelDeclaration, values: IDataObject): BodyResult {
	const candidate: Record<string, unknown> = {};
	for (const field of model.fields) {
		let value: unknown = values[field.apiName];
		if (field.type === 'uri') {
			const problem = mediaProblem(field, value);
			if (problem) {
				return {
					ok: false,
					violation: { field, received: show(value), allowed: describeAllowed(field), problem },
				};
			}
			value = normaliseUris(value);
		}
		const isEmpty =
			value === undefined || value === null || (value === '' && field.type !== 'string');
		// An empty optional field is left out, so Segmind applies its documented default.
		if (isEmpty || (value === '' && !field.required)) continue;
		candidate[field.apiName] = value;
	}

	const conflict = exclusiveConflict(model, candidate);
	if (conflict) return { ok: false, violation: conflict };

	const parsed = requestSchema(model).safeParse(candidate);
	if (parsed.success) return { ok: true, body: parsed.data as IDataObject };

	const issue = parsed.error.issues[0];
	const field = model.fields.find((candidateField) => candidateField.apiName === issue.path[0]);
	if (!field) {
		throw new Error(`Unexpected validation issue on ${issue.path.join('.')}: ${issue.message}`);
	}
	return {
		ok: false,
		violation: {
			field,
			received: show(candidate[field.apiName]),
			allowed: describeAllowed(field),
		},
	};
}
