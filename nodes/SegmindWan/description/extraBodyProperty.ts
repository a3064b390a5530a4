import type { INodeProperties } from 'n8n-workflow';

import { EXTRA_BODY_FIELDS } from '../parameters/fieldNames';

/**
 * One escape for what Segmind adds after a release: a JSON object merged into the validated
 * body of any declared model (keys of declared fields are refused, see validation/extraBody.ts).
 */
export function extraBodyProperty(slugs: string[], operations: string[]): INodeProperties {
	return {
		displayName: 'Extra Body Fields (JSON)',
		name: EXTRA_BODY_FIELDS,
		type: 'json',
		default: '{}',
		description:
			'Advanced: Segmind parameters this node does not declare yet, as one JSON object, e.g. {"high_noise_lora_scale": 1}. Added to the request after validation; a declared field is refused.',
		displayOptions: { show: { operation: operations, model: slugs } },
	};
}
