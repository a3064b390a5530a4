import type { IDataObject } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';

export type ExtraBodyResult =
	{ ok: true; body: IDataObject } | { ok: false; problem: string; advice: string };

/** What "Extra Body Fields (JSON)" holds: nothing, a JSON object, or what n8n parsed from it. */
function parseExtra(raw: unknown): { value?: IDataObject; bad?: true } {
	if (raw === undefined || raw === null) return {};
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			parsed = JSON.parse(raw);
		} catch {
			return { bad: true };
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { bad: true };
	return { value: parsed as IDataObject };
}

/**
 * Adds the user's extra body fields (a field Segmind documents after our release) to a body
 * that has already been validated. A key that is a declared field is refused rather than
 * overriding it, since it would skip that field's validation.
 */
export function mergeExtraBody(
	model: ModelDeclaration,
	body: IDataObject,
	raw: unknown,
): ExtraBodyResult {
	const { value, bad } = parseExtra(raw);
	if (bad) {
		return {
			ok: false,
			problem: 'expected a JSON object such as {"high_noise_lora_scale": 1}',
			advice: 'Write one JSON object whose keys are Segmind parameter names, or leave it empty.',
		};
	}
	if (!value) return { ok: true, body };
	const declared = model.fields.find((field) => field.apiName in value);
	if (declared) {
		return {
			ok: false,
			problem: `"${declared.apiName}" is the declared field "${declared.displayName}"`,
			advice: `Set "${declared.displayName}" in its own field (it is validated there) and remove "${declared.apiName}" from Extra Body Fields.`,
		};
	}
	return { ok: true, body: { ...body, ...value } };
}
