import type { INodePropertyOptions } from 'n8n-workflow';

import { MODELS } from '../models';
import type { InputKind, ModelDeclaration } from '../models/types';
import { OTHER_MODEL } from '../parameters/fieldNames';

/** The selector groups models by what goes in, in this order, each name led by its kind. */
const INPUT_KINDS: ReadonlyArray<{ kind: InputKind; label: string }> = [
	{ kind: 'text', label: 'Text → Video' },
	{ kind: 'image', label: 'Image → Video' },
	{ kind: 'reference', label: 'Reference → Video' },
	{ kind: 'video', label: 'Video → Video' },
];

function modelOptionDescription(model: ModelDeclaration): string {
	const minutes =
		model.typicalSeconds >= 90 ? ` (~${Math.round(model.typicalSeconds / 60)} min)` : '';
	const price = model.price ? `, ${model.price} per video` : '';
	return `${model.summary}. Typically ~${Math.round(model.typicalSeconds)} s${minutes}${price}.`;
}

/**
 * One option per registered model, grouped by input kind ("Text → Video: Wan 2.7 Text to
 * Video"), then Other. Only names and order change: the values stay the slugs, so saved
 * workflows load unchanged.
 */
export const modelOptions: INodePropertyOptions[] = [
	...INPUT_KINDS.flatMap(({ kind, label }) =>
		MODELS.filter((model) => model.inputKind === kind).map((model) => ({
			name: `${label}: ${model.displayName}`,
			value: model.slug,
			description: modelOptionDescription(model),
		})),
	),
	{
		name: 'Other (by Slug)',
		value: OTHER_MODEL,
		description: 'Any other Segmind model: give its slug and a JSON body',
	},
];
