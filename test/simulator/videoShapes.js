// Which video a generation returns. Wan's output takes the shape of its input image, so the
// simulator does too, with real fixture files whose shapes differ:
//   1. options.video, when a test set one, is served for every generation (sim.video);
//   2. else the request's first image (`image`, else `reference_images[0]`), when the simulator
//      can read its size (a PNG or JPEG uploaded to its own upload host, as the node does with
//      binary inputs): taller than wide → portrait fixture (720x1280, 9:16, AAC audio, moov first);
//      wider than tall → landscape fixture (1280x720, 16:9, AAC audio, moov at the end);
//   3. else a vertical text-to-video request (`ratio` or `aspect_ratio` "9:16") → the portrait
//      fixture (other ratios keep the default below, which tests compare with sim.video);
//   4. else (square, external URL, unreadable) → test/fixtures/sample.mp4 (320x240), which is
//      also sim.video's default, so tests that compare bytes with sim.video keep working.
const fs = require('node:fs');
const path = require('node:path');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const FIXTURE_VIDEO_PATH = path.join(FIXTURES, 'sample.mp4');
const PORTRAIT_VIDEO_PATH = path.join(FIXTURES, 'portrait-faststart-audio.mp4');
const LANDSCAPE_VIDEO_PATH = path.join(FIXTURES, 'landscape-moov-end-audio.mp4');

const cache = new Map();
function fixture(file) {
	if (!cache.has(file)) cache.set(file, fs.readFileSync(file));
	return cache.get(file);
}

/** { width, height } of a PNG or baseline/progressive JPEG, else null. */
function imageSize(bytes) {
	if (!Buffer.isBuffer(bytes) || bytes.length < 24) return null;
	if (bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
		return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
	for (let offset = 2; offset + 9 < bytes.length;) {
		if (bytes[offset] !== 0xff) return null;
		const marker = bytes[offset + 1];
		const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isFrameHeader)
			return { width: bytes.readUInt16BE(offset + 7), height: bytes.readUInt16BE(offset + 5) };
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return null;
}

/** The bytes behind an image URL, when it points at an asset on our own files host. */
function imageBytes(sim, value) {
	const prefix = `${sim.filesUrl}/assets/`;
	if (typeof value !== 'string' || !sim.filesUrl || !value.startsWith(prefix)) return null;
	const name = decodeURIComponent(value.slice(prefix.length).split(/[?#]/)[0]);
	return sim.assets.get(name)?.bytes ?? null;
}

/** The video a generation with this request body returns (rule at the top of this file). */
function videoFor(sim, body) {
	if (sim.options.video) return sim.options.video;
	const references = body?.reference_images;
	const first = body?.image ?? (Array.isArray(references) ? references[0] : references);
	const size = imageSize(imageBytes(sim, first));
	if (size && size.height > size.width) return fixture(PORTRAIT_VIDEO_PATH);
	if (size && size.width > size.height) return fixture(LANDSCAPE_VIDEO_PATH);
	if (!size && (body?.ratio === '9:16' || body?.aspect_ratio === '9:16'))
		return fixture(PORTRAIT_VIDEO_PATH);
	return fixture(FIXTURE_VIDEO_PATH);
}

const defaultVideo = () => fixture(FIXTURE_VIDEO_PATH);

module.exports = {
	FIXTURE_VIDEO_PATH,
	PORTRAIT_VIDEO_PATH,
	LANDSCAPE_VIDEO_PATH,
	defaultVideo,
	imageSize,
	videoFor,
};
