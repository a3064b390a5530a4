// The chain workflows of chains.e2e.mjs (Segmind Wan → n8n's own upload nodes, unmodified) and
// their credentials, pointed at the fakes in fakeServices.mjs.
import { randomUUID } from 'node:crypto';
import { manualTrigger, segmindNode } from '../../../scripts/e2e/segmind.mjs';
import { ACCESS_TOKEN, S3_BUCKET, TELEGRAM_TOKEN } from './fakeServices.mjs';

export const DRIVE_FOLDER = 'chains-folder';
export const VIDEO_PROPERTY = 'video';

/** OAuth2 token data as n8n stores it after the consent screen: no OAuth dance runs. */
const googleOAuth = (type, id) => ({
	id,
	name: type,
	type,
	data: {
		clientId: 'chains-client-id',
		clientSecret: 'chains-client-secret',
		oauthTokenData: {
			access_token: ACCESS_TOKEN,
			refresh_token: 'chains-refresh-token',
			token_type: 'Bearer',
			expires_in: 3599,
			scope: 'https://www.googleapis.com/auth/youtube https://www.googleapis.com/auth/drive',
		},
	},
});

export function downstreamCredentials(fakes) {
	return {
		youTube: googleOAuth('youTubeOAuth2Api', 'chainsYouTube001'),
		drive: googleOAuth('googleDriveOAuth2Api', 'chainsDrive00001'),
		aws: {
			id: 'chainsAws0000001',
			name: 'aws',
			type: 'aws',
			data: {
				region: 'us-east-1',
				accessKeyId: 'AKIAFAKECHAINS',
				secretAccessKey: 'chains-secret',
				customEndpoints: true,
				s3Endpoint: fakes.httpUrl,
			},
		},
		telegram: {
			id: 'chainsTelegram01',
			name: 'telegramApi',
			type: 'telegramApi',
			data: { accessToken: TELEGRAM_TOKEN, baseUrl: fakes.httpUrl },
		},
	};
}

const ref = (credential) => ({ [credential.type]: { id: credential.id, name: credential.name } });
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position: [600, 0],
	parameters,
	...extra,
});

export const youTubeUpload = (name, title, credential, binaryProperty = VIDEO_PROPERTY) =>
	node(
		name,
		'n8n-nodes-base.youTube',
		1,
		{
			resource: 'video',
			operation: 'upload',
			title,
			regionCode: 'US',
			categoryId: '22',
			binaryProperty,
			options: {},
		},
		{ credentials: ref(credential) },
	);

/** HTTP Request multipart/form-data: the file in field "video", the tag in a text field. */
export const multipartUpload = (name, url, tag, inputDataFieldName = VIDEO_PROPERTY, extra = {}) =>
	node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `${url}/api/multipart/${tag}`,
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formBinaryData', name: 'video', inputDataFieldName },
					{ name: 'tag', value: tag },
				],
			},
			options: {},
		},
		extra,
	);

/** Segmind Wan → one branch per upload node. */
function chainWorkflow({ id, name, segmindCredential, downstream }) {
	const start = manualTrigger('Start');
	const segmind = segmindNode({
		name: 'Segmind Wan',
		model: 'wan-2.2-i2v-flash',
		credential: segmindCredential,
		typeVersion: 2,
		extra: { options: { binaryPropertyName: VIDEO_PROPERTY } },
	});
	const connections = { Start: { main: [[{ node: segmind.name, type: 'main', index: 0 }]] } };
	const targets = [];
	for (const [i, step] of downstream.entries()) {
		const chain = Array.isArray(step) ? step : [step];
		chain.forEach((n, j) => (n.position = [600 + j * 260, i * 160]));
		targets.push({ node: chain[0].name, type: 'main', index: 0 });
		for (let j = 1; j < chain.length; j++)
			connections[chain[j - 1].name] = {
				main: [[{ node: chain[j].name, type: 'main', index: 0 }]],
			};
	}
	connections[segmind.name] = { main: [targets] };
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [start, segmind, ...downstream.flat()],
		connections,
		pinData: {},
	};
}

/** Every upload node this suite proves, each fed the Segmind Wan item as it comes. */
export function chainsWorkflow({ segmindCredential, credentials, fakes }) {
	const downstream = [
		youTubeUpload('YouTube', 'chain', credentials.youTube),
		node(
			'Google Drive',
			'n8n-nodes-base.googleDrive',
			3,
			{
				authentication: 'oAuth2',
				resource: 'file',
				operation: 'upload',
				name: '',
				driveId: { __rl: true, mode: 'list', value: 'My Drive' },
				folderId: { __rl: true, mode: 'id', value: DRIVE_FOLDER },
				inputDataFieldName: VIDEO_PROPERTY,
				options: {},
			},
			{ credentials: ref(credentials.drive) },
		),
		node(
			'AWS S3',
			'n8n-nodes-base.awsS3',
			2,
			{
				resource: 'file',
				operation: 'upload',
				bucketName: S3_BUCKET,
				fileName: `={{ $binary.${VIDEO_PROPERTY}.fileName }}`,
				binaryData: true,
				binaryPropertyName: VIDEO_PROPERTY,
				tagsUi: {},
				additionalFields: {},
			},
			{ credentials: ref(credentials.aws) },
		),
		node(
			'Telegram',
			'n8n-nodes-base.telegram',
			1.2,
			{
				resource: 'message',
				operation: 'sendVideo',
				chatId: '4242',
				binaryData: true,
				binaryPropertyName: VIDEO_PROPERTY,
				additionalFields: {},
			},
			{ credentials: ref(credentials.telegram) },
		),
		multipartUpload('HTTP Request (multipart/form-data)', fakes.httpUrl, 'form'),
		node('HTTP Request (raw binary body)', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'PUT',
			url: `${fakes.httpUrl}/api/raw/put`,
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: VIDEO_PROPERTY,
			options: {},
		}),
	];
	// Each node's failure lands in its own output, so one failing service does not hide the others.
	for (const n of downstream) n.onError = 'continueRegularOutput';
	return chainWorkflow({
		id: 'chainsAllUploads',
		name: 'Chains: every upload node',
		segmindCredential,
		downstream,
	});
}

const code = (name, jsCode) => node(name, 'n8n-nodes-base.code', 2, { jsCode });

/**
 * Deliberately broken items: the same multipart upload after a Code node changes the MIME type
 * or drops the file name, and one reading a binary property the item does not have. The suite's
 * own check must reject what these deliver.
 */
export function brokenWorkflow({ segmindCredential, fakes }) {
	const binary = `$input.all().map((item) => { const b = item.binary.${VIDEO_PROPERTY};`;
	const downstream = [
		[
			code(
				'Wrong MIME type',
				`return ${binary} b.mimeType = 'application/octet-stream'; return item; });`,
			),
			multipartUpload('Upload (wrong MIME type)', fakes.httpUrl, 'broken-mime'),
		],
		[
			code('No file name', `return ${binary} delete b.fileName; return item; });`),
			multipartUpload('Upload (no file name)', fakes.httpUrl, 'broken-name'),
		],
		multipartUpload('Upload (wrong binary property)', fakes.httpUrl, 'broken-property', 'data', {
			onError: 'continueRegularOutput',
		}),
	];
	return chainWorkflow({
		id: 'chainsBrokenItem',
		name: 'Chains: broken items',
		segmindCredential,
		downstream,
	});
}
