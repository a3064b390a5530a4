import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_WAIT_MINUTES,
	MAX_CONCURRENCY,
	MAX_WAIT_MINUTES,
} from '../constants';
import { MODELS } from '../models';
import { LATEST_VERSION, NODE_VERSIONS, OTHER_MODEL } from '../parameters/fieldNames';
import { extraBodyProperty } from './extraBodyProperty';
import { modelOptions } from './modelSelector';
import { findJobsProperties } from './findJobsProperties';
import { modelProperties } from './modelProperties';
import { forVersion } from './versions';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Generate Video',
			value: 'generate',
			action: 'Generate a video',
			description: 'Run the model and output the MP4 when it is ready',
		},
		{
			name: 'Submit',
			value: 'submit',
			action: 'Submit a video job',
			description:
				'Start the job and return its request ID at once; fetch the video later with Get Result (no worker is held while Segmind works)',
		},
		{
			name: 'Get Result',
			value: 'getResult',
			action: 'Get the result of a video job',
			description: 'Check a submitted job by request ID; outputs the MP4 once it is completed',
		},
		{
			name: 'Find Jobs',
			value: 'findJobs',
			action: 'Find the video jobs of this key',
			description:
				"List this key's requests from Segmind's account history (ID, model, status, cost, inputs, output URL), one item each, ready for Get Result",
		},
	],
	default: 'generate',
};

const startsJob = { show: { operation: ['generate', 'submit'] } };

/**
 * It picks up what Submit outputs, so Submit → Get Result chains without editing; and from an
 * item on the error output, where the id sits in `details` (see actions/itemErrors.ts).
 */
const requestId: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	required: true,
	default: '={{ $json.requestId ?? $json.details?.requestId }}',
	placeholder: 'e.g. 0b3c…',
	description:
		'The request ID returned by Submit or Find Jobs (or named in an error). After the hour Segmind keeps results for, it is read from the account history.',
	displayOptions: { show: { operation: ['getResult'] } },
};

const modelSelector: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	noDataExpression: false,
	options: modelOptions,
	// The options come from the registry, which lint rules cannot evaluate; the default is a
	// literal (n8n's scanner ignores eslint-disable), kept a registered slug by
	// test/unit/description/literalDefaults.test.ts. New nodes start on the quick, cheap model.
	default: 'wan-2.2-i2v-flash',
	description: 'The Segmind Wan model to run; each shows its own fields below',
	displayOptions: startsJob,
};

const otherModel: INodeProperties[] = [
	{
		displayName: 'Model Slug',
		name: 'otherSlug',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wan-2.5-i2v',
		description: "The model's slug, as in its API URL https://api.segmind.com/v1/{slug}",
		displayOptions: { show: { ...startsJob.show, model: [OTHER_MODEL] } },
	},
	{
		displayName: 'Body (JSON)',
		name: 'otherBody',
		type: 'json',
		required: true,
		default: '{\n  "prompt": "",\n  "image": ""\n}',
		description: "The request body exactly as the model's page documents it; sent as is",
		displayOptions: { show: { ...startsJob.show, model: [OTHER_MODEL] } },
	},
	{
		displayName: 'Typical Time (Seconds)',
		name: 'otherTypicalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description:
			"The model page's typical generation time; the status checks are scheduled around it",
		displayOptions: { show: { ...startsJob.show, model: [OTHER_MODEL] } },
	},
];

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
	displayOptions: { show: { operation: ['generate'] } },
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Assumed Cost per Video (USD)',
			name: 'assumedCostUsd',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 1,
			description:
				'The price Max Cost per Run and Check Credits First count for a model whose page states none (Wan 2.1, Other). Without it, such items are refused when either is on.',
		},
		{
			displayName: 'Check Credits First',
			name: 'checkCreditsFirst',
			type: 'boolean',
			default: true,
			description:
				"Whether to ask Segmind for the account's credits (a free call) once per run, and refuse the run before anything is paid when they are below its worst-case cost",
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items run at the same time. Segmind allows 5 requests per minute on the free plan and 50 on pro; a 429 from Segmind pauses all items until its reset time.',
		},
		{
			displayName: 'Largest Video to Download (MB)',
			name: 'maxVideoMb',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				"The largest video downloaded into n8n, in MB of 1,048,576 bytes (as n8n's N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE); 0 means no limit. Checked from the file's stated size before the download, and counted while it streams; a larger video ends the item with an error naming the request ID, nothing stored.",
			displayOptions: { show: { '/operation': ['generate', 'getResult'] } },
		},
		{
			displayName: 'Max Cost per Run (USD)',
			name: 'maxCostUsd',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 5,
			description:
				"The most this run may spend, counted at each model's worst-case price before each paid request; an item that would go past it is not sent",
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_MINUTES },
			default: DEFAULT_MAX_WAIT_MINUTES,
			description: `How long to wait for the video before giving up (at most ${MAX_WAIT_MINUTES}: a wait ends within Segmind's hour, for which the node keeps its record of the paid job), and never past the workflow's own timeout; the error then carries the request ID so the paid job can still be fetched`,
		},
		{
			displayName: 'Put Output in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'The name of the output binary field to put the video in',
		},
		{
			displayName: 'Reuse an Identical Job',
			name: 'reuseIdenticalJob',
			type: 'boolean',
			default: false,
			description:
				'Whether a job with the same model, parameters and inputs that this n8n process started within the last hour is reused (its video fetched again, nothing paid) instead of paying for a new one. Off: every run makes a new video.',
			displayOptions: { show: { '/operation': ['generate', 'submit'] } },
		},
		{
			displayName: 'Video Output',
			name: 'videoOutput',
			type: 'options',
			options: [
				{
					name: 'Binary',
					value: 'binary',
					description: "Download the MP4 into n8n's binary data",
				},
				{
					name: 'URL Only',
					value: 'url',
					description:
						"Do not download: the item carries Segmind's video URL, its size and video facts read from its first bytes (for n8n binary stores that buffer whole files: database, S3)",
				},
			],
			default: 'binary',
			description: 'What the item carries once the video is ready',
			displayOptions: { show: { '/operation': ['generate', 'getResult'] } },
		},
	],
};

/** The properties of one node version, without version conditions. */
export function propertiesOfVersion(version: number): INodeProperties[] {
	return [
		operation,
		// Version 1 started on Wan 2.7 (saved v1 workflows rely on that default).
		version >= LATEST_VERSION ? modelSelector : { ...modelSelector, default: 'wan2.7-i2v' },
		// Version 1 started empty.
		version >= LATEST_VERSION ? requestId : { ...requestId, default: '' },
		executionMode,
		...MODELS.flatMap((model) => modelProperties(model, startsJob.show.operation, version)),
		extraBodyProperty(
			MODELS.map((model) => model.slug),
			startsJob.show.operation,
		),
		...otherModel,
		...findJobsProperties,
		options,
	];
}

export const nodeProperties: INodeProperties[] = NODE_VERSIONS.flatMap((version) =>
	forVersion(propertiesOfVersion(version), version),
);
