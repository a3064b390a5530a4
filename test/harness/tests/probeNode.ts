/**
 * The test-only node and credential types of the harness self-test: a probe node that round-trips
 * binaries through a real HTTP server, fails, polls until cancelled, and reports what it saw.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { testNodeDescription } from '../testNodeDescription';

// ---------------------------------------------------------------- credential types

export class TestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API';

	properties: ICredentialType['properties'] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Header Name', name: 'headerName', type: 'string', default: 'x-test-key' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { '={{$credentials.headerName}}': '={{"Key " + $credentials.apiKey}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	};
}

export class FnTestApi implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API (function auth)';

	properties: ICredentialType['properties'] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	private readonly scheme = 'Bearer';

	// a method using `this`, to prove n8n calls it on the credential type
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, authorization: `${this.scheme} ${credentials.token}` },
		};
	}
}

// ---------------------------------------------------------------- test-only node type

export const probeState = { abortSeen: false, cancellationHandlerRan: false, pollsMade: 0 };

export const probeDescription: INodeTypeDescription = testNodeDescription(
	'Harness Probe',
	'harnessProbe',
	'Test-only node for the harness self-test',
	{
		credentials: [{ name: 'testApi', required: true }],
		properties: [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '', required: true },
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'Roundtrip', value: 'roundtrip' },
					{ name: 'Poll', value: 'poll' },
				],
				default: 'roundtrip',
			},
			{
				displayName: 'On Abort',
				name: 'onAbort',
				type: 'options',
				options: [
					{ name: 'Return', value: 'return' },
					{ name: 'Throw', value: 'throw' },
				],
				default: 'return',
			},
			{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
			{ displayName: 'Binary Property', name: 'binaryProperty', type: 'string', default: 'data' },
		],
	},
);

async function probeExecute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const baseUrl = this.getNodeParameter('baseUrl', 0) as string;
	const signal = this.getExecutionCancelSignal();

	if (this.getNodeParameter('mode', 0) === 'poll') {
		this.onExecutionCancellation(() => {
			probeState.cancellationHandlerRan = true;
		});
		while (!signal?.aborted) {
			try {
				probeState.pollsMade++;
				await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${baseUrl}/poll`,
					json: true,
				});
			} catch (error) {
				if (!signal?.aborted) throw new NodeOperationError(this.getNode(), error as Error);
			}
			await sleep(20);
		}
		probeState.abortSeen = true;
		if (this.getNodeParameter('onAbort', 0) === 'throw') {
			throw new NodeOperationError(this.getNode(), 'Polling stopped because the run was cancelled');
		}
		// returning (not throwing) after an abort lets n8n finish the run as 'canceled'
		return [[{ json: { aborted: true, polls: probeState.pollsMade }, pairedItem: { item: 0 } }]];
	}

	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			if (items[i].json.fail) {
				throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, {
					itemIndex: i,
					description: 'the fail flag was set',
				});
			}
			if (items[i].json.boom) {
				await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${baseUrl}/boom`,
					json: true,
				});
			}
			const prop = this.getNodeParameter('binaryProperty', i) as string;
			const meta = this.helpers.assertBinaryData(i, prop);
			const bytes = await this.helpers.getBinaryDataBuffer(i, prop);
			let streamedLength = -1;
			if (meta.id) {
				const chunks: Buffer[] = [];
				for await (const c of await this.helpers.getBinaryStream(meta.id)) chunks.push(c as Buffer);
				streamedLength = Buffer.concat(chunks).length;
			}
			const upload = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				method: 'POST',
				url: `${baseUrl}/upload`,
				body: bytes,
				headers: { 'content-type': meta.mimeType },
				json: true,
			})) as { stored: number; token: string };
			const download = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				url: `${baseUrl}/download`,
				qs: { token: upload.token },
				encoding: 'stream',
			})) as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
			const binary = await this.helpers.prepareBinaryData(
				download,
				'result.bin',
				'application/octet-stream',
			);
			out.push({
				json: {
					greeting: this.getNodeParameter('greeting', i) as string,
					stored: upload.stored,
					streamedLength,
					inputMime: meta.mimeType,
				},
				binary: { result: binary },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			// Rethrows the NodeOperationError / NodeApiError unchanged, which is what is under test.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	}
	return [out];
}

export class HarnessProbe implements INodeType {
	description = probeDescription;

	execute = probeExecute;
}
