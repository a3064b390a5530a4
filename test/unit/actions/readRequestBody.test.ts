import type { IDataObject } from 'n8n-workflow';

import { readRequestBody, resolveModel } from '../../../nodes/SegmindWan/actions/readRequestBody';
import { findModel, MODELS } from '../../../nodes/SegmindWan/models';
import type { ModelDeclaration } from '../../../nodes/SegmindWan/models/types';
import type { FakeItem } from './fakeContext';
import { uriField } from './uriField';
import { binaryOf, fakeContext, thrownBy } from './fakeContext';

/** A model with one field of each kind the reader treats differently. */
const MODEL: ModelDeclaration = {
	slug: 'test-model',
	displayName: 'Test Model',
	summary: 'for the unit tests',
	inputKind: 'image',
	typicalSeconds: 60,
	fields: [
		uriField({ apiName: 'image', displayName: 'Image', required: true }),
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			required: true,
			default: null,
			description: '',
		},
		{
			apiName: 'resolution',
			parameterName: 'resolutionTest',
			displayName: 'Resolution',
			type: 'string',
			required: false,
			default: '720P',
			options: ['480P', '720P'],
			description: '',
		},
		{
			apiName: 'seed',
			displayName: 'Seed',
			type: 'integer',
			required: false,
			default: null,
			description: '',
		},
		{
			apiName: 'base64',
			displayName: 'Base64 Output',
			type: 'boolean',
			required: false,
			default: false,
			transportOnly: true,
			description: '',
		},
		uriField({ apiName: 'reference_images', displayName: 'Reference Images', maxItems: 3 }),
	],
};

const read = (parameters: IDataObject, options: { typeVersion?: number; item?: FakeItem } = {}) =>
	readRequestBody(
		fakeContext({ items: [{ ...options.item, parameters }], typeVersion: options.typeVersion }),
		0,
		MODEL,
	);
const errorOf = (call: () => unknown) => thrownBy(call) as Error & { description?: string };

describe('readRequestBody', () => {
	it('reads version 2 names, the Additional Fields collection, and trims URLs', () => {
		const prepared = read({
			image: ' https://example.com/cat.png ',
			prompt: 'a cat jumps',
			resolutionTest: '480P',
			additionalFields: { seed: 7, base64: true },
		});
		expect(prepared).toEqual({
			body: {
				image: 'https://example.com/cat.png',
				prompt: 'a cat jumps',
				resolution: '480P',
				seed: 7,
				base64: true,
			},
			uploads: [],
		});
	});

	it('reads version 1 names: the plain camelCase, and a transport switch outside Additional Fields', () => {
		const prepared = read(
			{
				image: 'https://example.com/cat.png',
				prompt: 'a cat jumps',
				resolution: '480P',
				base64: true,
				additionalFields: { seed: 7 },
			},
			{ typeVersion: 1 },
		);
		expect(prepared.body).toEqual({
			image: 'https://example.com/cat.png',
			prompt: 'a cat jumps',
			resolution: '480P',
			seed: 7,
			base64: true,
		});
	});

	it("ignores a value under the other version's name and falls back to the declared default", () => {
		const prepared = read({
			image: 'https://example.com/cat.png',
			prompt: 'p',
			resolution: '480P',
		});
		expect(prepared.body.resolution).toBe('720P');
	});

	it('sends a one-entry list as a string and a longer list as an array', () => {
		const list = (...urls: string[]) => ({ items: urls.map((url) => ({ source: 'url', url })) });
		const base = { image: 'https://example.com/cat.png', prompt: 'p' };
		expect(
			read({ ...base, referenceImages: list('https://a.example/1.png') }).body.reference_images,
		).toBe('https://a.example/1.png');
		expect(
			read({ ...base, referenceImages: list('https://a.example/1.png', 'https://a.example/2.png') })
				.body.reference_images,
		).toEqual(['https://a.example/1.png', 'https://a.example/2.png']);
	});

	it('names the model, what it accepts and what it got when a value is refused', () => {
		const error = errorOf(() =>
			read({ image: 'https://example.com/cat.png', prompt: 'p', resolutionTest: '1080P' }),
		);
		expect(error.message).toBe(
			'Invalid "Resolution" (resolution) for item 0: Test Model accepts one of "480P", "720P", got "1080P"',
		);
		expect(error.description).toBe(
			'Nothing was sent to Segmind. Set "Resolution" to one of "480P", "720P".',
		);
	});

	it("puts a media entry's own problem first", () => {
		const error = errorOf(() => read({ image: '', prompt: 'p' }));
		expect(error.message).toBe('Image: the URL is empty, in "Image" (image) for item 0');
		expect(error.description).toBe(
			'"Image" (image) accepts a public http(s) URL. Nothing was sent to Segmind.',
		);

		const entries = {
			items: [
				{ source: 'url', url: 'https://a.example/1.png' },
				{ source: 'url', url: '' },
			],
		};
		const listError = errorOf(() =>
			read({ image: 'https://example.com/cat.png', prompt: 'p', referenceImages: entries }),
		);
		expect(listError.message).toBe(
			'Reference image 2: the URL is empty, in "Reference Images" (reference_images) for item 0',
		);
	});

	it('holds a placeholder for a binary input and lists the upload it needs', () => {
		const photo = binaryOf('image/png', { fileName: 'cat.png' });
		const prepared = read(
			{ imageSource: 'binary', imageBinaryProperty: 'photo', prompt: 'p' },
			{ item: { binary: { photo } } },
		);
		expect(prepared.body.image).toBe('https://pending-upload.invalid/image/0');
		expect(prepared.uploads).toHaveLength(1);
		expect(prepared.uploads[0]).toMatchObject({
			placeholder: 'https://pending-upload.invalid/image/0',
			binaryPropertyName: 'photo',
			mimeType: 'image/png',
			binary: photo,
		});
		expect(prepared.uploads[0].field.apiName).toBe('image');
	});
});

describe('an Other (by Slug) model', () => {
	const other = (parameters: IDataObject) => {
		const ctx = fakeContext({ items: [{ parameters: { model: 'other', ...parameters } }] });
		const model = resolveModel(ctx, 0);
		return { model, body: () => readRequestBody(ctx, 0, model) };
	};

	it('is declared from its slug, with a typical time of 120 s unless a usable one is given', () => {
		expect(other({ otherSlug: ' wan-2.5-i2v ' }).model).toEqual({
			slug: 'wan-2.5-i2v',
			displayName: 'wan-2.5-i2v',
			summary: 'Other Segmind model',
			inputKind: 'text',
			typicalSeconds: 120,
			fields: [],
		});
		expect(other({ otherSlug: 'wan-2.5-i2v', otherTypicalSeconds: 45 }).model.typicalSeconds).toBe(
			45,
		);
		expect(other({ otherSlug: 'wan-2.5-i2v', otherTypicalSeconds: -3 }).model.typicalSeconds).toBe(
			120,
		);
	});

	it('passes its JSON body through as written (text or object)', () => {
		expect(other({ otherSlug: 'x1', otherBody: '{"prompt": "hi", "steps": 3}' }).body()).toEqual({
			body: { prompt: 'hi', steps: 3 },
			uploads: [],
		});
		expect(other({ otherSlug: 'x1', otherBody: { prompt: 'hi' } }).body().body).toEqual({
			prompt: 'hi',
		});
	});

	it.each(['{not json', '[1, 2]', '"text"', 'null'])('refuses the body %p', (otherBody) => {
		const error = errorOf(() => other({ otherSlug: 'x1', otherBody }).body());
		expect(error.message).toBe(
			'Invalid "Body (JSON)" for item 0: expected a JSON object such as {"prompt": "…"}',
		);
		expect(error.description).toBe('Nothing was sent to Segmind.');
	});

	it.each(['', 'bad slug', '-starts-with-dash', 'a/b'])('refuses the slug %p', (otherSlug) => {
		const error = errorOf(() => other({ otherSlug }));
		expect(error.message).toBe(
			`Invalid "Model Slug" for item 0: expected a Segmind slug such as "wan-2.5-i2v", got "${otherSlug.trim()}"`,
		);
		expect(error.description).toBe(
			'Letters, digits, dots, dashes and underscores, as in https://api.segmind.com/v1/{slug}. Nothing was sent to Segmind.',
		);
	});
});

describe('resolveModel', () => {
	it('returns the registered declaration', () => {
		const ctx = fakeContext({ items: [{ parameters: { model: 'wan-2.2-i2v-flash' } }] });
		expect(resolveModel(ctx, 0)).toBe(findModel('wan-2.2-i2v-flash'));
	});

	it('refuses an unknown slug, listing the registered ones', () => {
		const ctx = fakeContext({ items: [{}, { parameters: { model: 'wan-9' } }] });
		const error = errorOf(() => resolveModel(ctx, 1));
		expect(error.message).toBe('Unknown model "wan-9" for item 1');
		expect(error.description).toBe(
			`Model must be one of: ${MODELS.map((model) => model.slug).join(', ')}, or "other" with a slug`,
		);
		expect(error.description).toContain('wan2.7-i2v, ');
	});
});
