import type { INodeProperties, IDisplayOptions } from 'n8n-workflow';

import { binaryLimit, megabytes } from '../models/limits';
import type { UriField } from '../models/types';
import { parameterName, toParameterName } from '../parameters/fieldNames';
import type { UriSource } from '../parameters/mediaParameters';
import {
	binaryFieldLabel,
	binaryParameter,
	defaultSource,
	LIST_BINARY_LABEL,
	LIST_KEY,
	sourceParameter,
} from '../parameters/mediaParameters';

/** "An image", "An audio", "A video". */
const withArticle = (word: string) => `${/^[aeiou]/i.test(word) ? 'An' : 'A'} ${word}`;

/**
 * What a media field starts with. Version 1 held the page's sample URL; version 2 starts
 * empty (an empty optional input is left out, so Segmind applies its own default).
 */
const startsWithSample = (field: UriField, version: number) =>
	version < 2 && field.default !== null;

function sourceOptions(field: UriField) {
	const options = [
		{ name: 'URL', value: 'url', description: `A public URL of the ${field.media}` },
		{
			name: 'Binary File',
			value: 'binary',
			description: `${withArticle(field.media)} file from the input item, uploaded to Segmind first`,
		},
	];
	return defaultSource(field) === 'none'
		? [{ name: 'None', value: 'none', description: 'Leave it out' }, ...options]
		: options;
}

const binaryHint = (field: UriField) =>
	`Name of the input item's binary field holding the ${field.media}` +
	(field.mimeTypes ? ` (${field.mimeTypes.map((type) => type.split('/')[1]).join(', ')})` : '') +
	`, at most ${megabytes(binaryLimit(field))}`;

/** A list input (e.g. up to 5 reference images): each entry a URL or a binary field, in order. */
function listProperty(
	field: UriField,
	displayOptions: IDisplayOptions,
	version: number,
): INodeProperties {
	return {
		displayName: field.displayName,
		name: parameterName(field, version),
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: `Add ${field.media}`,
		description: field.description,
		// An object literal, as n8n's scanner wants: the page's default as the one entry (version 1
		// only; version 2 starts empty), or none (test/unit/description/literalDefaults.test.ts checks
		// it).
		default: {
			...(startsWithSample(field, version)
				? { [LIST_KEY]: [{ source: 'url', url: field.default }] }
				: {}),
		},
		displayOptions,
		options: [
			{
				displayName: field.displayName,
				name: LIST_KEY,
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						options: sourceOptions({ ...field, required: true }),
						default: 'url',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://…',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: LIST_BINARY_LABEL,
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						hint: binaryHint(field),
						displayOptions: { show: { source: ['binary'] } },
					},
				],
			},
		],
	};
}

/** A single media input: a source selector, then the URL or the binary field name. */
export function uriProperties(
	field: UriField,
	displayOptions: IDisplayOptions,
	version: number,
): INodeProperties[] {
	if (field.maxItems) return [listProperty(field, displayOptions, version)];
	const pageDefault = startsWithSample(field, version) ? (field.default ?? '') : '';
	const placeholder = version >= 2 && field.default ? `e.g. ${field.default}` : 'https://…';
	const when = (source: UriSource): IDisplayOptions => ({
		show: { ...displayOptions.show, [sourceParameter(field)]: [source] },
	});
	return [
		{
			displayName: `${field.displayName} Source`,
			name: sourceParameter(field),
			type: 'options',
			options: sourceOptions(field),
			default: defaultSource(field),
			description: field.description,
			displayOptions,
		},
		{
			displayName: `${field.displayName} URL`,
			name: toParameterName(field.apiName),
			type: 'string',
			required: field.required ? true : undefined,
			default: pageDefault,
			placeholder,
			description: field.description,
			displayOptions: when('url'),
		},
		{
			displayName: binaryFieldLabel(field),
			name: binaryParameter(field),
			type: 'string',
			default: 'data',
			hint: binaryHint(field),
			description: field.description,
			displayOptions: when('binary'),
		},
	];
}
