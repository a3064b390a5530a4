import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_MINUTES } from '../actions/router';
import { MODELS } from '../models';
import type { ModelDeclaration } from '../models/types';
import { modelProperties } from './modelProperties';

function modelOptionDescription(model: ModelDeclaration): string {
	const minutes = model.typicalSeconds >= 90 ? ` (~${Math.round(model.typicalSeconds / 60)} min)` : '';
	const price = model.price ? `, ${model.price} per video` : '';
	return `${model.summary}. Typically ~${Math.round(model.typicalSeconds)} s${minutes}${price}.`;
}

const modelSelector: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	noDataExpression: false,
	options: MODELS.map((model) => ({
		name: model.displayName,
		value: model.slug,
		description: modelOptionDescription(model),
	})),
	default: 'wan2.7-i2v',
	description: 'The Segmind Wan model to run; each shows its own fields below',
};

const executionMode: INodeProperties = {
	displayName: 'Execution Mode',
	name: 'executionMode',
	type: 'options',
	options: [
		{
			name: 'Wait for Result',
			value: 'wait',
			description:
				'Submit the job, then check its status until the video is ready (recommended for video)',
		},
		{
			name: 'Synchronous',
			value: 'sync',
			description:
				'Keep one connection open until the video is ready; Segmind keeps this API in maintenance mode',
		},
	],
	default: 'wait',
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_WAIT_MINUTES,
			description:
				'How long to wait for the video before giving up; the error then carries the request ID so the paid job can still be fetched',
		},
		{
			displayName: 'Put Output in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'The name of the output binary field to put the video in',
		},
	],
};

export const nodeProperties: INodeProperties[] = [
	modelSelector,
	executionMode,
	...MODELS.flatMap(modelProperties),
	options,
];
