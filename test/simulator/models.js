'use strict';

/**
 * Parameter schemas of the five Wan model pages (/work/shared/seeds/*.txt), and of the four
 * newer models from their stored sources (test/fixtures/sources/, see each declaration).
 * The simulator rejects bodies the real API would reject (400), so a node that drops a
 * required field or sends an out-of-range value fails in tests rather than in production.
 *
 * Leniency mirrors a pydantic-style backend: integers may arrive as numeric strings (the
 * Wan 2.1 sample itself sends "resolution": "720"), booleans as "true"/"false", and a
 * null value means "not given". Unknown parameters are ignored.
 */

const int = (extra = {}) => ({ type: 'integer', ...extra });
const num = (extra = {}) => ({ type: 'number', ...extra });
const str = (extra = {}) => ({ type: 'string', ...extra });
const bool = (extra = {}) => ({ type: 'boolean', ...extra });
const uri = (extra = {}) => ({ type: 'uri', ...extra });
/** "Add up to 5": a single URL string or an array of them. */
const uriList = (extra = {}) => ({ type: 'uri-list', max: 5, ...extra });

const MODEL_SCHEMAS = Object.freeze({
	'wan2.7-i2v': {
		prompt: str({ required: true }),
		audio_url: uri(),
		duration: int({ min: 2, max: 15 }),
		image: uri(),
		last_frame: uri(),
		negative_prompt: str(),
		resolution: str({ enum: ['720P', '1080P'] }),
		seed: int(),
	},
	'wan-2.6-i2v': {
		image: uri({ required: true }),
		prompt: str({ required: true }),
		audio: uri(),
		duration: int({ enum: [5, 10, 15] }),
		enable_prompt_expansion: bool(),
		multi_shots: bool(),
		negative_prompt: str(),
		resolution: str({ enum: ['720p', '1080p'] }),
		seed: int(),
	},
	'wan2.7-r2v': {
		prompt: str({ required: true }),
		duration: int({ min: 2, max: 15 }),
		negative_prompt: str(),
		reference_images: uriList(),
		reference_videos: uriList(),
		reference_voice: uri(),
		resolution: str({ enum: ['720P', '1080P'] }),
		seed: int(),
	},
	'wan-2.2-i2v-flash': {
		image: uri({ required: true }),
		prompt: str({ required: true }),
		negative_prompt: str(),
		prompt_extend: bool(),
		resolution: str({ enum: ['480P', '720P'] }),
		seed: int(),
		watermark: bool(),
	},
	'wan2.1-i2v-720p': {
		image: uri({ required: true }),
		prompt: str({ required: true }),
		resolution: int({ required: true, enum: [720, 960, 1024] }),
		video_length: int({ required: true, min: 1, max: 5 }),
		base64: bool(),
		negative_prompt: str(),
		seed: int(),
		steps: int({ min: 10, max: 70 }),
	},
	'wan2.7-t2v': {
		prompt: str({ required: true }),
		audio_url: uri(),
		duration: int({ min: 2, max: 15 }),
		negative_prompt: str(),
		ratio: str({ enum: ['16:9', '9:16', '1:1', '4:3', '3:4'] }),
		resolution: str({ enum: ['720P', '1080P'] }),
		seed: int(),
	},
	'wan-2.2-t2v-fast': {
		prompt: str({ required: true }),
		go_fast: bool(),
		num_frames: int({ min: 81, max: 100 }),
		resolution: str({ enum: ['480p', '720p'] }),
		aspect_ratio: str({ enum: ['16:9', '9:16'] }),
		sample_shift: num({ min: 1, max: 20 }),
		frames_per_second: int({ min: 5, max: 24 }),
		seed: int(),
	},
	'wan3.0-video': {
		prompt: str({ required: true }),
		image: uri(),
		reference_images: uriList({ max: 10 }),
		negative_prompt: str(),
		duration: int({ min: 2, max: 30 }),
		resolution: str({ enum: ['480P', '720P', '1080P'] }),
		aspect_ratio: str({ enum: ['adaptive', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'] }),
		audio: bool(),
		prompt_extend: bool(),
		enable_thinking: bool(),
		watermark: bool(),
		seed: int(),
	},
	'wan-animate': {
		input_video: uri({ required: true }),
		mode: str({ required: true, enum: ['animation', 'replace'] }),
		prompt: str({ required: true }),
		reference_image: uri(),
		resolution: str(),
		seed: int(),
		base64: bool(),
	},
});

/**
 * The v1 answer a model's spec documents, used whatever `v1Response` says: wan-2.2-t2v-fast's
 * llms.txt: "raw file response, Content-Type: video/mp4".
 */
const V1_ANSWERS = Object.freeze({ 'wan-2.2-t2v-fast': 'raw' });

const KNOWN_MODELS = Object.freeze(Object.keys(MODEL_SCHEMAS));

/**
 * What one generation costs, in USD: the low end of each model page's price ("$0.075 - $0.180
 * per generation" for Flash). Wan 2.1's page states no price; it gets the simulator's generic cost.
 */
const PAGE_COSTS = Object.freeze({
	'wan2.7-i2v': 0.625,
	'wan-2.6-i2v': 0.625,
	'wan2.7-r2v': 0.625,
	'wan-2.2-i2v-flash': 0.075,
	'wan-2.2-t2v-fast': 0.0625,
});

function isHttpUrl(value) {
	if (typeof value !== 'string') return false;
	try {
		const u = new URL(value);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

function toInteger(value) {
	if (typeof value === 'number') return Number.isInteger(value) ? value : null;
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
	return null;
}

/**
 * Check one parameter. `checkUrl(url)` lets the simulator refuse URLs it knows are dead
 * (e.g. an asset on its own files host that was never uploaded). Returns an error or null.
 */
function checkParam(name, spec, value, checkUrl) {
	switch (spec.type) {
		case 'string':
			if (typeof value !== 'string') return `Invalid parameter '${name}': expected a string`;
			if (spec.enum && !spec.enum.includes(value)) {
				return `Invalid parameter '${name}': must be one of ${spec.enum.join(', ')}`;
			}
			return null;
		case 'integer': {
			const n = toInteger(value);
			if (n === null) return `Invalid parameter '${name}': expected an integer`;
			if (spec.enum && !spec.enum.includes(n)) {
				return `Invalid parameter '${name}': must be one of ${spec.enum.join(', ')}`;
			}
			if (spec.min !== undefined && n < spec.min)
				return `Invalid parameter '${name}': must be >= ${spec.min}`;
			if (spec.max !== undefined && n > spec.max)
				return `Invalid parameter '${name}': must be <= ${spec.max}`;
			return null;
		}
		case 'number': {
			const n = typeof value === 'number' ? value : Number.NaN;
			if (!Number.isFinite(n)) return `Invalid parameter '${name}': expected a number`;
			if (spec.min !== undefined && n < spec.min)
				return `Invalid parameter '${name}': must be >= ${spec.min}`;
			if (spec.max !== undefined && n > spec.max)
				return `Invalid parameter '${name}': must be <= ${spec.max}`;
			return null;
		}
		case 'boolean':
			if (typeof value === 'boolean' || value === 'true' || value === 'false') return null;
			return `Invalid parameter '${name}': expected a boolean`;
		case 'uri':
		case 'uri-list': {
			const list = spec.type === 'uri-list' && Array.isArray(value) ? value : [value];
			if (spec.type === 'uri-list' && list.length > spec.max) {
				return `Invalid parameter '${name}': at most ${spec.max} URLs`;
			}
			for (const item of list) {
				if (!isHttpUrl(item)) return `Invalid parameter '${name}': expected a public http(s) URL`;
				const problem = checkUrl ? checkUrl(item) : null;
				if (problem) return `Invalid parameter '${name}': ${problem}`;
			}
			return null;
		}
		default:
			return null;
	}
}

/** Validate a request body against a schema; returns the first error message or null. */
function validateParams(schema, body, checkUrl) {
	if (!schema) return null;
	for (const [name, spec] of Object.entries(schema)) {
		const value = body[name];
		const absent = value === undefined || value === null || value === '';
		if (absent) {
			if (spec.required) return `Missing required parameter '${name}'`;
			continue;
		}
		const error = checkParam(name, spec, value, checkUrl);
		if (error) return error;
	}
	return null;
}

module.exports = {
	MODEL_SCHEMAS,
	KNOWN_MODELS,
	PAGE_COSTS,
	V1_ANSWERS,
	validateParams,
	isHttpUrl,
};
