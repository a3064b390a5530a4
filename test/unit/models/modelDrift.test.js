// The drift alarm's parser and comparison, offline, on the stored llms.txt copy; and
// `npm run check:models` itself against a local server (JS: node:fs, node:http).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const { MODELS } = require('../../../nodes/SegmindWan/models');
const { compareDeclaration, parseLlmsTxt } = require('../../../scripts/modelDrift/llmsTxt');

const ROOT = path.join(__dirname, '../../..');
const TRUE_COPY = fs.readFileSync(
	path.join(ROOT, 'test/fixtures/sources/wan-2.2-t2v-fast.llms.txt'),
	'utf8',
);
const fast = MODELS.find((model) => model.slug === 'wan-2.2-t2v-fast');
const drift = (text) => compareDeclaration(fast, parseLlmsTxt(text));

it('reads every field of the spec with its type, options, range and default', () => {
	const spec = parseLlmsTxt(TRUE_COPY);
	expect(spec.slug).toBe('wan-2.2-t2v-fast');
	expect(spec.rawOutput).toBe('video/mp4');
	expect(spec.fields.map((field) => field.name)).toEqual([
		'seed',
		'prompt',
		'go_fast',
		'num_frames',
		'resolution',
		'aspect_ratio',
		'sample_shift',
		'frames_per_second',
	]);
	expect(spec.fields.find((field) => field.name === 'sample_shift')).toEqual({
		name: 'sample_shift',
		type: 'number',
		required: false,
		range: { min: 1, max: 20 },
		default: 12,
	});
	expect(spec.fields.find((field) => field.name === 'resolution').options).toEqual([
		'480p',
		'720p',
	]);
});

it('passes on the true copy', () => {
	expect(drift(TRUE_COPY)).toEqual([]);
});

it.each([
	['a range', ['Range: 81 to 100', 'Range: 81 to 121'], '"num_frames": range {"min":81,"max":121}'],
	[
		'an option',
		['Options: "16:9", "9:16"', 'Options: "16:9", "9:16", "1:1"'],
		'"aspect_ratio": options',
	],
	['a default', ['Default: `16`', 'Default: `24`'], '"frames_per_second": default 24, declared 16'],
	['a type', ['(`number`, _optional_)', '(`integer`, _optional_)'], '"sample_shift": type integer'],
	[
		'a new field',
		[
			'- **`frames_per_second`**',
			'- **`interpolate`** (`boolean`, _optional_):\n  x\n\n- **`frames_per_second`**',
		],
		'new field: "interpolate" (boolean, optional)',
	],
	[
		'a renamed field',
		['- **`go_fast`**', '- **`fast_mode`**'],
		'renamed? declared field "go_fast" is gone, new "fast_mode"',
	],
	[
		'a removed field',
		[/- \*\*`seed`\*\*[\s\S]*?Default: `null`\n\n/, ''],
		'removed: declared field "seed"',
	],
])('finds a planted change of %s', (_, [from, to], expected) => {
	const planted = TRUE_COPY.replace(from, to);
	expect(planted).not.toBe(TRUE_COPY);
	expect(drift(planted).join('\n')).toContain(expected);
});

/** Runs `npm run check:models`' script against a local stand-in for segmind.com. */
function runCheck(base) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts/checkModels.mjs')], {
			env: { ...process.env, SEGMIND_LLMS_BASE: base },
		});
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) => resolve({ code, out }));
	});
}

const built = fs.existsSync(path.join(ROOT, 'dist/nodes/SegmindWan/models/index.js'));

(built ? it : it.skip)(
	'check:models lists drift, a retired model (410) and an unknown slug (404)',
	async () => {
		const server = http.createServer((req, res) => {
			if (req.url === '/wan-2.2-t2v-fast/llms.txt') {
				res.writeHead(200, { 'content-type': 'text/markdown' });
				return res.end(TRUE_COPY.replace('Range: 5 to 24', 'Range: 5 to 30'));
			}
			if (req.url === '/wan-animate/llms.txt') {
				res.writeHead(410);
				return res.end('Gone');
			}
			res.writeHead(404);
			res.end('Not found');
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { code, out } = await runCheck(`http://127.0.0.1:${server.address().port}`);
			expect(code).toBe(1);
			expect(out).toContain('✗ wan-2.2-t2v-fast: 1 difference(s)');
			expect(out).toContain('"frames_per_second": range {"min":5,"max":30}');
			expect(out).toContain('✗ wan-animate: retired (410 Gone)');
			expect(out).toContain('✗ wan2.7-i2v: unknown slug (404)');
		} finally {
			server.close();
		}
	},
);

(built ? it : it.skip)('check:models says which model matches its spec', async () => {
	const server = http.createServer((req, res) => {
		res.writeHead(200);
		res.end(TRUE_COPY);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { out } = await runCheck(`http://127.0.0.1:${server.address().port}`);
		expect(out).toContain('✓ wan-2.2-t2v-fast: matches its spec');
	} finally {
		server.close();
	}
});
