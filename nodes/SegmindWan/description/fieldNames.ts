/** `negative_prompt` → `negativePrompt`: the n8n parameter name of a Segmind field. */
export function toParameterName(apiName: string): string {
	return apiName.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Optional fields without a documented default live in this per-model collection. */
export const ADDITIONAL_FIELDS = 'additionalFields';

/** Model selector value for a Segmind model this package does not declare. */
export const OTHER_MODEL = 'other';
