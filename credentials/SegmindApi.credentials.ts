import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_API_URL,
	DEFAULT_HISTORY_URL,
	DEFAULT_UPLOAD_URL,
} from '../nodes/SegmindWan/constants';

export class SegmindApi implements ICredentialType {
	name = 'segmindApi';

	displayName = 'Segmind API';

	icon = { light: 'file:../icons/segmind.svg', dark: 'file:../icons/segmind.dark.svg' } as const;

	documentationUrl = 'https://github.com/segmind-wan/n8n-nodes-segmind-wan#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your key from the Segmind console (API Keys page)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_API_URL,
			description: 'Change only for a proxy or gateway in front of Segmind',
		},
		{
			displayName: 'Upload URL',
			name: 'uploadUrl',
			type: 'string',
			default: DEFAULT_UPLOAD_URL,
			description: "Host of Segmind's upload endpoint, used to turn binary inputs into URLs",
		},
		{
			displayName: 'History URL',
			name: 'historyUrl',
			type: 'string',
			default: DEFAULT_HISTORY_URL,
			description:
				"Host of Segmind's account request history, read by Find Jobs and by Get Result after Segmind's one-hour retention",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-api-key': '={{$credentials.apiKey}}' },
		},
	};

	// The free credit check: testing a key never starts a paid generation.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/get-user-credits',
			method: 'GET',
		},
	};
}
