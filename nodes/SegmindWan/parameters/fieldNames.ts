import type { ModelField } from '../models/types';

/** `negative_prompt` → `negativePrompt`: the n8n parameter name of a Segmind field. */
export function toParameterName(apiName: string): string {
	return apiName.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Optional fields without a documented default live in this per-model collection. */
export const ADDITIONAL_FIELDS = 'additionalFields';

/** Advanced JSON object merged into a declared model's validated body. */
export const EXTRA_BODY_FIELDS = 'extraBodyFields';

/** Model selector value for a Segmind model this package does not declare. */
export const OTHER_MODEL = 'other';

/**
 * Node versions. Version 2 gives fields whose allowed values differ between models their own
 * parameter names, starts on the cheapest model with empty prompts, and chains Get Result to
 * Submit. Version 1 keeps its names and defaults, because n8n saves a parameter only when it
 * differs from the default: changing a v1 default would silently change saved workflows.
 */
export const NODE_VERSIONS = [1, 2];
export const LATEST_VERSION = 2;

interface NamedField {
	apiName: string;
	parameterName?: string;
}

/** The n8n parameter of a field in a node version (see ModelField.parameterName). */
export function parameterName(field: NamedField, version: number): string {
	return version >= 2 && field.parameterName ? field.parameterName : toParameterName(field.apiName);
}

/**
 * Field with no default and not required: shown under "Additional Fields", sent only when set.
 * Media inputs are the exception: they have their own source selector with "None". From
 * version 2, transport-only switches (Wan 2.1's Base64 Output) live there too.
 */
export function isAdditionalField(field: ModelField, version: number): boolean {
	if (field.type === 'boolean' && field.transportOnly && version >= 2) return true;
	return !field.required && field.default === null && field.type !== 'uri';
}
