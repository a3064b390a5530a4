import type { INodeProperties } from 'n8n-workflow';

import { MAX_FIND_LIMIT, MAX_HISTORY_WINDOW_DAYS } from '../constants';

const showFor = { show: { operation: ['findJobs'] } };

/** Find Jobs' filters: what Segmind's account history can search by. */
export const findJobsProperties: INodeProperties[] = [
	{
		displayName: 'Model Contains',
		name: 'findModel',
		type: 'string',
		default: '',
		placeholder: 'e.g. wan2.7',
		description: 'Only requests whose model slug contains this text; empty for every model',
		displayOptions: showFor,
	},
	{
		displayName: 'Status',
		name: 'findStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Completed', value: 'COMPLETED' },
			{ name: 'Failed', value: 'FAILED' },
			{ name: 'Pending', value: 'PENDING', description: 'Queued or still running' },
		],
		default: 'any',
		description: "Only requests in this state at Segmind's",
		displayOptions: showFor,
	},
	{
		displayName: 'From Date',
		name: 'findFromDate',
		type: 'dateTime',
		default: '',
		description: `First day searched (UTC); empty: 7 days before To Date. At most ${MAX_HISTORY_WINDOW_DAYS} days from From to To.`,
		displayOptions: showFor,
	},
	{
		displayName: 'To Date',
		name: 'findToDate',
		type: 'dateTime',
		default: '',
		description: 'Last day searched (UTC), included; empty: today',
		displayOptions: showFor,
	},
	{
		displayName: 'Limit',
		name: 'findLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_FIND_LIMIT, numberPrecision: 0 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: showFor,
	},
];
