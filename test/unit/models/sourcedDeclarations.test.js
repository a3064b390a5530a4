// The sources the four newer declarations were read from, stored byte for byte (JS: node:fs).
// A changed copy fails here: re-read the source, update the declaration, then the hash.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { MODELS } = require('../../../nodes/SegmindWan/models');

const SOURCES_DIR = path.join(__dirname, '../../fixtures/sources');

/** File → SHA-256 of the copy as read on 2026-12-07. */
const STORED = {
	'wan-2.2-t2v-fast.llms.txt': '9cc6c5434556e8a35bd672afe4f9a07d3fadf2a6fc7c50d216bab7aedec345b6',
	'wan-2.2-t2v-fast.page.txt': '6e438fde2568b32b5e99e2494453ae3405ccb554cbe18baa9ee3e70dd17c18d1',
	'wan2.7-t2v.page.txt': 'be6d39862a99e81c7e51db4a5f415ce084ebf678072fadd146f8921f49c79eb9',
	'wan-animate.page.txt': '06edf24be3fc5d16ce9bb5cda8b59acb3e37a1ee9c08dc2ebcf4ab019729dce3',
	'wan3.0-video.calls.txt': '4b961ddabe1cccaae12bd7d56175ad91ea38546d7ebd86f29adff245fe7f0392',
};

const sha256 = (file) =>
	crypto
		.createHash('sha256')
		.update(fs.readFileSync(path.join(SOURCES_DIR, file)))
		.digest('hex');

it.each(Object.keys(STORED))('%s is the copy as read (byte-checked)', (file) => {
	expect(sha256(file)).toBe(STORED[file]);
});

it('stores exactly these copies', () => {
	expect(fs.readdirSync(SOURCES_DIR).sort()).toEqual(Object.keys(STORED).sort());
});

describe.each(['wan2.7-t2v', 'wan-2.2-t2v-fast', 'wan3.0-video', 'wan-animate'])('%s', (slug) => {
	const model = MODELS.find((candidate) => candidate.slug === slug);
	const copies = Object.keys(STORED).filter((file) => file.startsWith(slug));

	it('has a stored copy of its sources, which names the slug', () => {
		expect(copies.length).toBeGreaterThan(0);
		for (const file of copies) {
			expect(fs.readFileSync(path.join(SOURCES_DIR, file), 'utf8')).toContain(slug);
		}
	});

	it('names every field it declares in a stored copy', () => {
		const text = copies
			.map((file) => fs.readFileSync(path.join(SOURCES_DIR, file), 'utf8'))
			.join('\n');
		for (const field of model.fields)
			expect({ field: field.apiName, found: text.includes(field.apiName) }).toEqual({
				field: field.apiName,
				found: true,
			});
	});

	it('says when it is partial, and where each fact comes from, with the date read', () => {
		expect(model.sources.length).toBeGreaterThan(0);
		for (const source of model.sources) expect(source.read).toBe('2026-12-07');
		if (slug !== 'wan-2.2-t2v-fast') expect(model.partial).toBeTruthy();
	});
});
