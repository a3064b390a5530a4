import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { PendingUpload } from '../../../nodes/SegmindWan/actions/mediaInputs';
import { readMediaField, uploadInputs } from '../../../nodes/SegmindWan/actions/mediaInputs';
import type { UriField } from '../../../nodes/SegmindWan/models/types';
import { uriField } from './uriField';
import { binaryOf, fakeContext, thrownBy } from './fakeContext';

const IMAGE: UriField = uriField({ apiName: 'image', displayName: 'Image', required: true });
const AUDIO: UriField = uriField({
	apiName: 'audio_url',
	displayName: 'Audio',
	media: 'audio',
	mimeTypes: ['audio/mpeg', 'audio/wav'],
});
const REFERENCES: UriField = uriField({
	apiName: 'reference_images',
	displayName: 'Reference Images',
	maxItems: 5,
});

const readField = (
	field: UriField,
	parameters: IDataObject,
	binary?: Record<string, IBinaryData>,
) => readMediaField(fakeContext({ items: [{ parameters, binary }] }), 0, field);
const errorOf = (call: () => unknown) => thrownBy(call) as Error & { description?: string };

describe('readMediaField, a single input', () => {
	it('reads the URL under the camelCase name', () => {
		expect(readField(IMAGE, { image: 'https://example.com/cat.png' })).toEqual({
			value: 'https://example.com/cat.png',
			uploads: [],
		});
		expect(
			readField(AUDIO, { audioUrlSource: 'url', audioUrl: 'https://example.com/a.mp3' }).value,
		).toBe('https://example.com/a.mp3');
	});

	it('leaves out an optional input whose source is None (its default)', () => {
		expect(readField(AUDIO, { audioUrl: 'https://example.com/a.mp3' })).toEqual({
			value: undefined,
			uploads: [],
		});
	});

	it('takes a binary input from the named field (default "data") and holds a placeholder for it', () => {
		const data = binaryOf('image/PNG; name=cat.png');
		const { value, uploads } = readField(IMAGE, { imageSource: 'binary' }, { data });
		expect(value).toBe('https://pending-upload.invalid/image/0');
		expect(uploads).toEqual([
			{
				placeholder: 'https://pending-upload.invalid/image/0',
				binaryPropertyName: 'data',
				mimeType: 'image/PNG; name=cat.png',
				field: IMAGE,
				binary: data,
				entry: undefined,
			},
		]);
	});

	it('refuses a binary field the item does not have, naming the ones it has', () => {
		const error = errorOf(() =>
			readField(
				IMAGE,
				{ imageSource: 'binary', imageBinaryProperty: 'photo' },
				{ data: binaryOf('image/png'), other: binaryOf('image/png') },
			),
		);
		expect(error.message).toBe(
			'Invalid "Image Binary Field" (image) for item 0: the input item has no binary field "photo"',
		);
		expect(error.description).toBe(
			'Set the binary field name to one the incoming item has (it has: data, other), or use a URL. Nothing was sent to Segmind.',
		);
		const none = errorOf(() => readField(IMAGE, { imageSource: 'binary' }));
		expect(none.description).toContain('(it has: none)');
	});

	it('refuses a binary of another media kind, or a type the field does not list', () => {
		const text = errorOf(() =>
			readField(IMAGE, { imageSource: 'binary' }, { data: binaryOf('text/plain') }),
		);
		expect(text.message).toBe(
			'Invalid "Image Binary Field" (image) for item 0: binary field "data" is text/plain, expected image/*',
		);
		expect(text.description).toBe('Nothing was sent to Segmind.');

		const flac = errorOf(() =>
			readField(AUDIO, { audioUrlSource: 'binary' }, { data: binaryOf('audio/flac') }),
		);
		expect(flac.message).toBe(
			'Invalid "Audio Binary Field" (audio_url) for item 0: binary field "data" is audio/flac, expected audio/mpeg, audio/wav',
		);
		expect(
			readField(AUDIO, { audioUrlSource: 'binary' }, { data: binaryOf('audio/wav') }).uploads,
		).toHaveLength(1);
	});
});

describe('readMediaField, a list input', () => {
	it('is left out when it has no entries', () => {
		expect(readField(REFERENCES, {})).toEqual({ value: undefined, uploads: [] });
		expect(readField(REFERENCES, { referenceImages: { items: [] } }).value).toBeUndefined();
	});

	it('keeps the entries in order, a placeholder for each binary one', () => {
		const items = [
			{ source: 'url', url: 'https://a.example/1.png' },
			{ source: 'binary', binaryPropertyName: '' },
			{ source: 'binary', binaryPropertyName: 'second' },
			{ source: 'url' },
		];
		const { value, uploads } = readField(
			REFERENCES,
			{ referenceImages: { items } },
			{ data: binaryOf('image/png'), second: binaryOf('image/jpeg') },
		);
		expect(value).toEqual([
			'https://a.example/1.png',
			'https://pending-upload.invalid/reference_images/1',
			'https://pending-upload.invalid/reference_images/2',
			'',
		]);
		expect(uploads.map((upload) => [upload.binaryPropertyName, upload.entry])).toEqual([
			['data', 1],
			['second', 2],
		]);
	});

	it('names the entry whose binary field is missing', () => {
		const items = [
			{ source: 'url', url: 'https://a.example/1.png' },
			{ source: 'binary', binaryPropertyName: 'photo' },
		];
		const error = errorOf(() => readField(REFERENCES, { referenceImages: { items } }));
		expect(error.message).toBe(
			'Invalid Reference image 2, "Input Binary Field" (reference_images) for item 0: the input item has no binary field "photo"',
		);
	});
});

describe('uploadInputs', () => {
	/** Nothing here reaches Segmind: no session is needed. */
	const session = {} as Parameters<typeof uploadInputs>[1];
	const job = (body: IDataObject, uploads: PendingUpload[]) => ({
		itemIndex: 0,
		prepared: { body, uploads },
		options: { maxWaitMs: 60_000 },
	});

	it('returns the body itself when there is nothing to upload', async () => {
		const body = { prompt: 'p', image: 'https://example.com/cat.png' };
		await expect(uploadInputs(fakeContext({ items: [{}] }), session, job(body, []))).resolves.toBe(
			body,
		);
	});

	it('refuses an inline binary found too large only once read (n8n knew no size), before uploading it', async () => {
		const small: UriField = { ...IMAGE, maxBytes: 1000 };
		const upload: PendingUpload = {
			placeholder: 'https://pending-upload.invalid/image/0',
			binaryPropertyName: 'data',
			mimeType: 'image/png',
			field: small,
			binary: binaryOf('image/png'),
		};
		const read = jest.fn(() => Buffer.alloc(1001));
		const ctx = fakeContext({ items: [{}, {}], binaryBuffer: read });
		const error = (await uploadInputs(ctx, session, {
			...job({ image: upload.placeholder }, [upload]),
			itemIndex: 1,
		}).catch((failure: unknown) => failure)) as Error & { description?: string };
		expect(read).toHaveBeenCalledWith(1, 'data');
		expect(error.message).toBe(
			'Invalid "Image" (image) for item 1: binary field "data" has 1001 bytes, at most 1000 are allowed (0 MB per image file)',
		);
		expect(error.description).toBe('This item was not sent to Segmind.');
	});
});
