'use strict';

/**
 * What the simulator's own tests share: the fixture bytes, the pages' sample bodies, and small
 * fetch helpers (with the test key) for talking to the simulator over real HTTP.
 */

const fs = require('node:fs');
const path = require('node:path');
const { PORTRAIT_VIDEO_PATH, LANDSCAPE_VIDEO_PATH } = require('../segmindSimulator');

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const MP4 = fs.readFileSync(path.join(FIXTURES, 'sample.mp4'));
const PNG = fs.readFileSync(path.join(FIXTURES, 'sample.png'));
const WAV = fs.readFileSync(path.join(FIXTURES, 'sample.wav'));
const MP3 = fs.readFileSync(path.join(FIXTURES, 'sample.mp3'));
const PORTRAIT_PNG = fs.readFileSync(path.join(FIXTURES, 'portrait.png'));
const LANDSCAPE_PNG = fs.readFileSync(path.join(FIXTURES, 'landscape.png'));
const PORTRAIT_MP4 = fs.readFileSync(PORTRAIT_VIDEO_PATH);
const LANDSCAPE_MP4 = fs.readFileSync(LANDSCAPE_VIDEO_PATH);
const KEY = 'sim-test-key';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sample payloads of the five model pages (/work/shared/seeds), prompts shortened. */
const VALID_BODY = {
	'wan2.7-i2v': {
		prompt: 'A gentle breeze',
		negative_prompt: 'blur',
		resolution: '720P',
		duration: 5,
	},
	'wan-2.6-i2v': {
		image:
			'https://segmind-resources.s3.amazonaws.com/output/58c03b83-811d-4c4d-8837-1c01b8c8cdea-wan2.6-i2v-ip.webp',
		prompt: 'A dramatic action POV chase scene',
		duration: 5,
		resolution: '720p',
		multi_shots: false,
		negative_prompt: 'low resolution, error',
		enable_prompt_expansion: true,
	},
	'wan2.7-r2v': {
		prompt: 'Image1 walks through a lush green garden',
		reference_images: 'https://segmind-resources.s3.amazonaws.com/input/wan2.7-r2v-ref-image.jpg',
		negative_prompt: 'blurry, low quality, distorted, watermark',
		resolution: '720P',
		duration: 5,
		seed: 42,
	},
	'wan-2.2-i2v-flash': {
		prompt: '4K cinematic close-up of a Viking warrior',
		image:
			'https://segmind-resources.s3.amazonaws.com/output/310df0db-0c5e-4c5a-8c78-5db73fbc7c91-bcd49a2d-a0a9-465e-aefd-ca9b5ebb11a7.jpeg',
		negative_prompt: 'Avoid depicting busy urban environments.',
		resolution: '720P',
		prompt_extend: true,
		watermark: false,
	},
	'wan2.1-i2v-720p': {
		prompt: 'A young woman in a podcast studio',
		negative_prompt: 'blurry, bad quality',
		image:
			'https://segmind-resources.s3.amazonaws.com/input/209f6f09-7fc6-47c0-8b6e-128ae75db915-wan-720-ip.png',
		seed: 63088745,
		video_length: 3,
		resolution: '720',
		steps: 30,
		base64: false,
	},
	// The four newer models: their sources' own samples (test/fixtures/sources/).
	'wan2.7-t2v': {
		prompt: 'A majestic golden eagle soaring over snow-capped mountain peaks at sunrise',
		negative_prompt: 'blurry, low quality, distorted, watermark',
		resolution: '720P',
		duration: 5,
		ratio: '16:9',
		seed: 42,
	},
	'wan-2.2-t2v-fast': {
		prompt: 'A sophisticated Korean teacher in her early 30s',
		go_fast: true,
		num_frames: 81,
		resolution: '480p',
		aspect_ratio: '16:9',
		sample_shift: 12,
		frames_per_second: 16,
		high_noise_lora_scale: 1,
		low_noise_lora_scale: 1,
	},
	'wan3.0-video': {
		prompt: 'Two detectives talk in a rainy alley',
		reference_images: ['https://example.com/cast.jpg', 'https://example.com/room.jpg'],
		duration: 10,
		resolution: '480P',
		aspect_ratio: '16:9',
		audio: true,
		watermark: false,
		prompt_extend: false,
		enable_thinking: true,
		seed: 906101,
		negative_prompt: 'subtitles, text',
	},
	'wan-animate': {
		input_video:
			'https://segmind-resources.s3.amazonaws.com/input/e9f1b4cb-812d-43b4-9aaf-572bc01828d1-animate-1.mp4',
		reference_image:
			'https://segmind-resources.s3.amazonaws.com/input/7af018fd-d18a-4688-9afd-52df7510fe69-MarkuryFLUX_03641_.png',
		resolution: '480p',
		prompt: 'woman posing for a selfie',
		seed: 987778,
		mode: 'replace',
		base64: false,
	},
};

function post(url, body, { key = KEY, headers = {}, ...init } = {}) {
	return fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(key ? { 'x-api-key': key } : {}),
			...headers,
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...init,
	});
}

function get(url, { key = KEY, headers = {}, ...init } = {}) {
	return fetch(url, {
		headers: { ...(key ? { 'x-api-key': key } : {}), ...headers },
		...init,
	});
}

async function bytesOf(res) {
	return Buffer.from(await res.arrayBuffer());
}

/** Read a body chunk by chunk; returns what arrived and the error that ended it (if any). */
async function readPartial(res) {
	const chunks = [];
	let error = null;
	try {
		for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
	} catch (err) {
		error = err;
	}
	return { bytes: Buffer.concat(chunks), error };
}

/** Closes the simulator a test started, if any; the file's `sim` becomes undefined again. */
async function closeSimulator(sim) {
	if (sim) await sim.close();
	return undefined;
}

/** Submit and status helpers bound to the file's current simulator (`getSim` returns it). */
function jobHelpers(getSim) {
	async function submitJob(slug = 'wan2.1-i2v-720p', body = VALID_BODY[slug]) {
		const res = await post(`${getSim().apiUrl}/v2/${slug}`, body);
		expect(res.status).toBe(200);
		return res.json();
	}

	async function waitForStatus(id, wanted, timeoutMs = 3000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await get(`${getSim().apiUrl}/v2/requests/${id}/status`);
			const body = await res.json();
			if (body.status === wanted) return { res, body };
			if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
			await sleep(10);
		}
	}

	return { submitJob, waitForStatus };
}

module.exports = {
	MP4,
	PNG,
	WAV,
	MP3,
	PORTRAIT_PNG,
	LANDSCAPE_PNG,
	PORTRAIT_MP4,
	LANDSCAPE_MP4,
	KEY,
	sleep,
	VALID_BODY,
	post,
	get,
	bytesOf,
	readPartial,
	closeSimulator,
	jobHelpers,
};
