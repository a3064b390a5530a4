#!/usr/bin/env node
// Segmind Wan in the real n8n 2.41.1 editor: `n8n start` on 127.0.0.1 with our
// packed package installed as a community package, the Segmind simulator as a
// child process, Debian's headless Chromium driven by puppeteer-core.
//
//   1. node panel: searching "Segmind" finds "Segmind Wan", its icon (our svg)
//      is loaded (naturalWidth > 0); the canvas shows the same icon
//   2. credential dialog: a new "Segmind API" credential (key, base URL and
//      upload URL of the simulator) tests OK on save (GET /v1/get-user-credits
//      -> 200); with a wrong key the test fails (-> 401)
//   3. "Execute workflow" on the canvas, then the node's output panel: binary
//      "data" video/mp4, "View" plays it in a <video> whose bytes are
//      sample.mp4
//   4. choosing each model in the Model dropdown shows exactly the parameters
//      its declaration says (names + labels, from
//      dist/nodes/SegmindWan/description/nodeProperties.js evaluated with
//      operation=generate), nothing that is not on its seed page and all its
//      required fields; "Execute step" with that model returns its video
//   5. every examples/*.json opens on the canvas with all its nodes and our icon
//      (the screenshots are the README's canvas pictures, docs/images/)
//   6. a newcomer's view (issue 15): a node added from the node panel starts on
//      Wan 2.2 Flash with an empty prompt (Wan 2.7's sample prompt only a
//      placeholder); Get Result's Request ID starts as {{ $json.requestId }};
//      for every ordered pair of models, non-default values set in the fields
//      both show, then the model switched: each shown value is one the new
//      model accepts; ranges show as hint text under the field, once; empty or
//      non-URL reference-image entries and a literal "{{" Request ID fail with
//      messages naming the entry / "switch this field to Expression", and
//      nothing reaches the simulator
//
// Run:  node test/e2e/editor.e2e.mjs   (re-executes itself under the cache's Node 24)
// Needs: Debian chromium (bash scripts/e2e/install-n8n.sh --with-chromium)
// Env:  SEGMIND_E2E_TARBALL / SEGMIND_E2E_SKIP_BUILD as in segmind.e2e.mjs
// Screenshots: test/e2e/artifacts/editor-*.png (gitignored)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain, rerunUnderNode24 } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { DEFAULT_OWNER, setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';

await rerunUnderNode24(import.meta.url);

const B = await import('../../scripts/e2e/browser.mjs');
const S = await import('../../scripts/e2e/segmind.mjs');

const R = createReporter();
const check = R.check;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rel = (file) => path.relative(process.cwd(), file);

const PACKAGE_ICON = `/icons/${S.PACKAGE_NAME}/dist/icons/segmind.svg`;
const CRED_ID = 'segmindEditorCred1';
const WF_RUN = 'segmindEditorRun01';
const WF_MODELS = 'segmindEditorMods01';
const WF_SWITCH = 'segmindEditorSwch01';
const WF_ERRORS = 'segmindEditorErrs01';
/** Node version 2: what a node added in the editor today is. */
const VERSION = 2;
const EXAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** examples/*.json, as users import them. */
function loadExamples() {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

// Parameters every model shows (not model fields).
const COMMON_PARAMETERS = ['operation', 'model', 'executionMode', 'additionalFields', 'options'];
const camel = (apiName) => apiName.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * Straight from ../shared/seeds (not from our declarations): per slug, the n8n names a
 * field may appear under (`image`, or its source selector `imageSource`) and which are required.
 */
function seedFields() {
	const { loadSeedPages } = createRequire(import.meta.url)('../seeds/seedPages.js');
	return new Map(
		loadSeedPages().map((page) => [
			page.slug,
			page.parameters.map((p) => ({
				// camelCase, its source selector, or (README's naming rule) camelCase + the model's version
				names: [camel(p.name), `${camel(p.name)}Source`],
				renamed: new RegExp(`^${camel(p.name)}Wan\\d+$`),
				required: p.required,
			})),
		]),
	);
}
const seedHas = (field, name) => field.names.includes(name) || field.renamed.test(name);

/** Simulator request log lines ("api GET /v1/get-user-credits → 200") since offset `from`. */
function simLines(sim, from) {
	return sim
		.output()
		.stderr.slice(from)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length));
}

async function nodePanelChecks(page, baseUrl) {
	await B.openWorkflow(page, baseUrl, WF_RUN);
	const canvasIcon = await page.$$eval(
		'[data-test-id="canvas-node"][data-node-name="Segmind Wan"] img',
		(imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), naturalWidth: i.naturalWidth })),
	);
	check(
		'canvas node "Segmind Wan" shows our icon (svg loaded, naturalWidth > 0)',
		canvasIcon.some((i) => i.src?.endsWith(PACKAGE_ICON) && i.naturalWidth > 0),
		canvasIcon,
	);

	const results = await B.searchNodePanel(page, 'Segmind');
	const shot = await B.screenshot(page, 'editor-node-search');
	const found = check(
		`node panel search "Segmind" lists "Segmind Wan" (${rel(shot)})`,
		results.includes('Segmind Wan'),
		results.length
			? results
			: 'no results: the editor hides codex category "AI" nodes unless subcategories.AI includes "Root Nodes"',
	);
	if (found) {
		const icons = await page.$$eval('[data-test-id="node-creator-item-name"]', (els) =>
			els
				.filter((e) => e.textContent.trim() === 'Segmind Wan')
				.flatMap((e) => {
					let item = e;
					for (let i = 0; i < 6 && item.parentElement && !item.querySelector('img'); i++)
						item = item.parentElement;
					return [...item.querySelectorAll('img')].map((img) => ({
						src: img.getAttribute('src'),
						naturalWidth: img.naturalWidth,
					}));
				}),
		);
		check(
			'node panel item "Segmind Wan" has our icon loaded (naturalWidth > 0)',
			icons.some((i) => i.src?.endsWith(PACKAGE_ICON) && i.naturalWidth > 0),
			icons,
		);
	} else {
		check('node panel item "Segmind Wan" has our icon loaded (naturalWidth > 0)', false, 'item not listed');
	}
	await page.keyboard.press('Escape');
	await sleep(300);
}

async function credentialChecks(page, baseUrl, sim) {
	await B.openNewCredential(page, baseUrl, 'Segmind API');
	const icon = await page.$$eval('[data-test-id="editCredential-modal"] img', (imgs) =>
		imgs.map((i) => ({ src: i.getAttribute('src'), naturalWidth: i.naturalWidth })),
	);
	check(
		'credential dialog "Segmind API" opens with our icon',
		icon.some((i) => i.src?.endsWith(PACKAGE_ICON) && i.naturalWidth > 0),
		icon,
	);
	await B.fillParameter(page, 'apiKey', sim.apiKey);
	await B.fillParameter(page, 'baseUrl', sim.apiUrl);
	await B.fillParameter(page, 'uploadUrl', sim.uploadUrl);
	let from = sim.output().stderr.length;
	const ok = await B.saveCredentialAndTest(page);
	let shot = await B.screenshot(page, 'editor-credential-ok');
	check(
		`credential test succeeds against the simulator (${rel(shot)})`,
		ok.result?.status === 'OK' && /Connection tested successfully/i.test(ok.text),
		{ result: ok.result, text: ok.text.slice(0, 400) },
	);
	let lines = simLines(sim, from);
	check(
		'credential test called GET /v1/get-user-credits → 200',
		lines.some((l) => l === 'api GET /v1/get-user-credits → 200'),
		lines,
	);

	await B.fillParameter(page, 'apiKey', S.randomApiKey('wrong'));
	from = sim.output().stderr.length;
	const bad = await B.saveCredentialAndTest(page);
	shot = await B.screenshot(page, 'editor-credential-wrong-key');
	check(
		`credential test fails with a wrong key (${rel(shot)}): "${bad.result?.message}"`,
		bad.result?.status === 'Error' && /Couldn.t connect/i.test(bad.text),
		{ result: bad.result, text: bad.text.slice(0, 400) },
	);
	lines = simLines(sim, from);
	check(
		'wrong-key test: GET /v1/get-user-credits → 401',
		lines.some((l) => l === 'api GET /v1/get-user-credits → 401'),
		lines,
	);
	await B.closeCredentialModal(page);
}

async function executionChecks(page, baseUrl, expectedSha) {
	await B.openWorkflow(page, baseUrl, WF_RUN);
	const run = page.waitForResponse(
		(r) => r.url().includes(`/rest/workflows/${WF_RUN}/run`) && r.request().method() === 'POST',
		{ timeout: 120_000 },
	);
	await page.click('[data-test-id="execute-workflow-button"]');
	const runResponse = await run;
	check('"Execute workflow" on the canvas starts a run', runResponse.ok(), runResponse.status());
	await page.waitForFunction(
		() =>
			/1 item/.test(
				document.querySelector('[data-test-id="canvas-node"][data-node-name="Segmind Wan"]')
					?.textContent ?? '',
			),
		{ timeout: 120_000 },
	);
	let shot = await B.screenshot(page, 'editor-workflow-executed');
	check(`canvas shows "1 item" on Segmind Wan (${rel(shot)})`, true);

	await B.openNode(page, 'Segmind Wan');
	await page.waitForFunction(
		() => {
			const panel = document.querySelector('[data-test-id="output-panel"]');
			const tab = panel?.querySelector('[data-test-id="radio-button-binary"]');
			if (tab && !/File Name/.test(panel.textContent)) tab.click();
			return /video\/mp4/.test(panel?.textContent ?? '');
		},
		{ timeout: 60_000, polling: 250 },
	);
	const panelText = await page.$eval('[data-test-id="output-panel"]', (e) => e.textContent);
	const card = await page
		.$eval('[data-test-id="ndv-binary-data_0"]', (e) => e.textContent.trim())
		.catch(() => '');
	check(
		'output panel lists binary "data": video/mp4, wan-2.2-i2v-flash-<requestId>.mp4',
		/^data\s*File Name/.test(card) &&
			/Mime Type:\s*video\/mp4/.test(panelText) &&
			/File Name:\s*wan-2\.2-i2v-flash-[0-9a-f-]{8,}\.mp4/.test(panelText),
		{ card, panel: panelText.slice(0, 400) },
	);
	await page.click('[data-test-id="ndv-view-binary-data"]');
	const video = await page
		.waitForFunction(
			() => {
				const v = document.querySelector('[data-test-id="output-panel"] video, video');
				return v && v.readyState >= 1 ? { src: v.currentSrc || v.src, width: v.videoWidth, height: v.videoHeight, duration: v.duration } : null;
			},
			{ timeout: 60_000, polling: 250 },
		)
		.then((h) => h.jsonValue())
		.catch(() => null);
	shot = await B.screenshot(page, 'editor-output-video');
	check(
		`"View" shows a <video> that decodes (${video?.width}x${video?.height}, ${video?.duration?.toFixed?.(1)} s) (${rel(shot)})`,
		!!video && video.width > 0 && /\/rest\/binary-data\?/.test(video.src),
		video,
	);
	if (video?.src) {
		const served = await page.evaluate(async (src) => {
			const r = await fetch(src);
			const buf = new Uint8Array(await r.arrayBuffer());
			const digest = await crypto.subtle.digest('SHA-256', buf);
			return {
				status: r.status,
				type: r.headers.get('content-type'),
				size: buf.length,
				sha: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
			};
		}, video.src);
		check(
			`the <video> source is sample.mp4 byte for byte (${served.size} bytes, ${served.type})`,
			served.status === 200 && served.sha === expectedSha && /video\/mp4/.test(served.type ?? ''),
			served,
		);
	}
	await page.keyboard.press('Escape');
	await sleep(300);
}

async function modelFieldChecks(page, baseUrl, properties) {
	await B.openWorkflow(page, baseUrl, WF_MODELS);
	await B.openNode(page, 'Segmind Wan');
	await page.waitForFunction(
		() => document.querySelector('[data-test-id="node-execute-button"]')?.offsetParent,
		{ timeout: 60_000 },
	);
	const fmt = (list) => list.map((p) => `${p.name}(${p.label})`).join(', ');
	const seeds = seedFields();
	for (const { value, name } of S.modelOptions(properties)) {
		await B.selectParameterOption(page, 'model', name);
		const shown = await B.visibleTopLevelParameters(page);
		const expected = S.expectedVisibleParameters(properties, { operation: 'generate', model: value, '@version': VERSION });
		const shot = await B.screenshot(page, `editor-model-${value}`);
		check(
			`model ${value}: the panel shows exactly its parameters [${expected.map((p) => p.name).join(', ')}] (${rel(shot)})`,
			fmt(shown) === fmt(expected),
			{ shown: fmt(shown), expected: fmt(expected) },
		);
		if (value === 'other') continue;
		// Independently of our declarations: nothing but this model's seed fields, and all its required ones.
		const fields = seeds.get(value) ?? [];
		const shownNames = shown.map((p) => p.name);
		const foreign = shownNames.filter(
			(n) => !COMMON_PARAMETERS.includes(n) && !fields.some((f) => seedHas(f, n)),
		);
		const missing = fields.filter((f) => f.required && !shownNames.some((n) => seedHas(f, n)));
		check(
			`model ${value}: every field shown is on its seed page, every required one is shown`,
			fields.length > 0 && foreign.length === 0 && missing.length === 0,
			{ foreign, missing: missing.map((f) => f.names[0]) },
		);
		// As a user would: give a model that needs an image one (the field
		// is emptied when the previous model had no "image"), and a prompt.
		{
			const needed = S.NEEDS_IMAGE_AND_PROMPT.includes(value)
				? [['image', S.EXAMPLE_IMAGE_URL], ['prompt', S.EXAMPLE_PROMPT]]
				: [['prompt', S.EXAMPLE_PROMPT]];
			for (const [param, text] of needed) {
				const current = await page.$eval(
					`[data-test-id="parameter-input-${param}"] input, [data-test-id="parameter-input-${param}"] textarea`,
					(e) => e.value,
				);
				if (!current) await B.fillParameter(page, param, text);
			}
		}
		const res = await B.executeStepExpectFile(page, `${value}-`).catch((e) => ({ ok: false, text: e.message }));
		check(
			`model ${value} chosen in the UI: "Execute step" returns its video`,
			res.ok,
			res.text?.slice(0, 600),
		);
	}
}

/**
 * Each example workflow opens on the canvas with all its nodes, every Segmind Wan node showing
 * our icon; the screenshots (examples-<file>.png) are the README's canvas pictures.
 */
async function exampleChecks(page, baseUrl, examples) {
	for (const { file, workflow } of examples) {
		await B.openWorkflow(page, baseUrl, workflow.id);
		// Zoom to fit ("1"), as a user would to see the whole workflow.
		await page.click('body').catch(() => {});
		await page.keyboard.press('1');
		await sleep(800);
		const shown = (await B.canvasNodes(page)).map((n) => n.name).sort();
		const expected = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').map((n) => n.name).sort();
		const ours = workflow.nodes.filter((n) => n.type.endsWith('.segmindWan')).map((n) => n.name);
		const icons = await page.$$eval(
			'[data-test-id="canvas-node"] img',
			(imgs, names) =>
				imgs
					.filter((i) => names.includes(i.closest('[data-test-id="canvas-node"]').getAttribute('data-node-name')))
					.map((i) => ({ src: i.getAttribute('src'), naturalWidth: i.naturalWidth })),
			ours,
		);
		const shot = await B.screenshot(page, `examples-${file.replace(/\.json$/, '')}`);
		check(
			`example ${file}: the canvas shows its ${expected.length} nodes, each Segmind Wan node with our icon (${rel(shot)})`,
			JSON.stringify(shown) === JSON.stringify(expected) &&
				icons.length === ours.length &&
				icons.every((i) => i.src?.endsWith(PACKAGE_ICON) && i.naturalWidth > 0),
			{ shown, expected, icons },
		);
	}
}

// ------------------------------------------------------------------ a newcomer's view (issue 15)

/** Our node's v2 property `name` as model `slug` shows it (not the other models' same-named ones). */
function propertyOf(properties, slug, name) {
	return properties.find((p) => {
		const show = p.displayOptions?.show ?? {};
		return (
			p.name === name &&
			(show['@version'] ?? [VERSION]).includes(VERSION) &&
			(!show.model || show.model.includes(slug)) &&
			(!show.operation || show.operation.includes('generate'))
		);
	});
}

/** Whether `shown` (the text n8n displays) is a value `property` accepts. */
function accepts(property, shown) {
	if (property.type === 'options') return property.options.some((o) => o.name === shown);
	if (property.type === 'number') {
		const n = Number(shown);
		const { minValue = -Infinity, maxValue = Infinity } = property.typeOptions ?? {};
		return shown !== '' && Number.isInteger(n) && n >= minValue && n <= maxValue;
	}
	return typeof shown === 'string';
}

/** A value `property` accepts that is not its default, as typed or chosen in the panel. */
function nonDefault(property, from, to) {
	if (property.type === 'options') return property.options.find((o) => o.value !== property.default);
	if (property.type === 'number') {
		const { minValue, maxValue } = property.typeOptions ?? {};
		const value = maxValue ?? (minValue ?? 0) + 7;
		return { name: String(value === property.default ? value - 1 : value) };
	}
	if (/image|url|audio/i.test(property.name)) return { name: `https://example.com/${from}-to-${to}.png` };
	return { name: `set on ${from}, then switched to ${to}` };
}

async function newNodeChecks(page, baseUrl, properties) {
	await B.openNewWorkflow(page, baseUrl);
	await B.addNodeFromPanel(page, 'Segmind', 'Segmind Wan', 'Generate a video');
	const flashName = S.modelOptions(properties).find((o) => o.value === 'wan-2.2-i2v-flash').name;
	const model = await B.parameterValue(page, 'model');
	const prompt = await B.parameterValue(page, 'prompt');
	let shot = await B.screenshot(page, 'editor-new-node-defaults');
	check(
		`a node added from the panel starts on "${flashName}" with an empty prompt (${rel(shot)})`,
		model?.value === flashName && prompt?.value === '',
		{ model, prompt },
	);
	await B.selectParameterOption(page, 'model', 'Wan 2.7 Image to Video');
	const wan27Prompt = await B.parameterValue(page, 'prompt');
	const firstFrame = await B.parameterValue(page, 'image');
	shot = await B.screenshot(page, 'editor-new-node-wan27-placeholders');
	check(
		`Wan 2.7: prompt and first frame start empty, the page's samples shown as placeholders (${rel(shot)})`,
		wan27Prompt?.value === '' &&
			wan27Prompt.placeholder.startsWith('e.g. A gentle breeze') &&
			firstFrame?.value === '' &&
			/^e\.g\. https:\/\/segmind-resources/.test(firstFrame.placeholder),
		{ wan27Prompt, firstFrame },
	);
	await B.selectParameterOption(page, 'operation', 'Get Result');
	const requestId = await B.parameterItemText(page, 'requestId');
	shot = await B.screenshot(page, 'editor-get-result-default');
	check(
		`Get Result's Request ID starts as the expression {{ $json.requestId }} (${rel(shot)})`,
		/\{\{\s*\$json\.requestId\s*\}\}/.test(requestId ?? ''),
		requestId,
	);
	await page.keyboard.press('Escape');
	await sleep(300);
}

async function modelSwitchChecks(page, baseUrl, properties) {
	await B.openWorkflow(page, baseUrl, WF_SWITCH);
	await B.openNode(page, 'Segmind Wan');
	const models = S.modelOptions(properties).filter((o) => o.value !== 'other');
	const visible = (slug) =>
		S.expectedVisibleParameters(properties, { operation: 'generate', model: slug, '@version': VERSION })
			.map((p) => p.name)
			.filter((n) => !COMMON_PARAMETERS.includes(n) && !/Source$|BinaryProperty$/.test(n));
	for (const from of models) {
		for (const to of models) {
			if (from === to) continue;
			const shared = visible(from.value).filter((n) => visible(to.value).includes(n) && propertyOf(properties, from.value, n)?.type !== 'fixedCollection');
			await B.selectParameterOption(page, 'model', from.name);
			const set = {};
			for (const name of shared) {
				const property = propertyOf(properties, from.value, name);
				const value = nonDefault(property, from.value, to.value);
				if (property.type === 'options') await B.selectParameterOption(page, name, value.name);
				else await B.fillParameter(page, name, value.name);
				set[name] = value.name;
			}
			await B.selectParameterOption(page, 'model', to.name);
			const shown = {};
			const refused = [];
			for (const name of shared) {
				shown[name] = (await B.parameterValue(page, name))?.value;
				if (!accepts(propertyOf(properties, to.value, name), shown[name])) refused.push(name);
			}
			const shot = await B.screenshot(page, `editor-switch-${from.value}-to-${to.value}`);
			check(
				`switch ${from.value} → ${to.value}: every shared field [${shared.join(', ')}] shows a value ${to.value} accepts (${rel(shot)})`,
				refused.length === 0 && shared.every((n) => shown[n] !== undefined),
				{ set, shown, refused },
			);
		}
	}
	await page.keyboard.press('Escape');
	await sleep(300);
}

async function rangeChecks(page, baseUrl) {
	await B.openWorkflow(page, baseUrl, WF_SWITCH);
	await B.openNode(page, 'Segmind Wan');
	const results = {};
	const shots = [];
	for (const [modelName, fields] of [
		['Wan 2.1 Image to Video 720p', [['videoLength', 1, 5], ['steps', 10, 70]]],
		['Wan 2.7 Image to Video', [['duration', 2, 15]]],
	]) {
		await B.selectParameterOption(page, 'model', modelName);
		for (const [name, min, max] of fields) {
			const text = (await B.parameterItemText(page, name)) ?? '';
			const mentions = (text.match(new RegExp(`${min}\\s*(to|–|-)\\s*${max}`, 'g')) ?? []).length;
			results[`${modelName}: ${name}`] = { text: text.replace(/\s+/g, ' '), ok: text.includes(`From ${min} to ${max}`) && mentions === 1 };
		}
		if (modelName.startsWith('Wan 2.1')) {
			const resolution = await B.parameterItemText(page, 'resolutionWan21');
			results['Wan 2.1 resolution label'] = { text: resolution, ok: /Longest Side in Pixels/.test(resolution ?? '') };
		}
		await B.scrollToParameter(page, fields[0][0]);
		shots.push(rel(await B.screenshot(page, `editor-visible-ranges-${modelName.startsWith('Wan 2.1') ? 'wan21' : 'wan27'}`)));
	}
	check(
		`ranges show as hint text under the field, once (Wan 2.1 video length 1–5, steps 10–70; Wan 2.7 duration 2–15), Wan 2.1's resolution reads as the longest side in pixels (${shots.join(', ')})`,
		Object.values(results).every((r) => r.ok),
		results,
	);
	await page.keyboard.press('Escape');
	await sleep(300);
}

async function inputErrorChecks(page, baseUrl, sim) {
	for (const [nodeName, needle] of [
		['Empty entry', 'Reference image 2: the URL is empty'],
		['File name entry', 'Reference image 1: `my cat photo.jpg` is not an http(s) URL'],
		['Literal braces', 'switch this field to Expression'],
	]) {
		await B.openWorkflow(page, baseUrl, WF_ERRORS);
		await B.openNode(page, nodeName);
		const from = sim.output().stderr.length;
		const result = await B.executeStepExpectError(page, needle).catch((e) => ({ found: false, text: e.message }));
		const shot = await B.screenshot(page, `editor-error-${nodeName.toLowerCase().replace(/\W+/g, '-')}`);
		const sent = simLines(sim, from).filter((l) => !l.includes('get-user-credits'));
		check(
			`"${nodeName}": Execute step shows "${needle}" and sends nothing to Segmind (${rel(shot)})`,
			result.found && sent.length === 0,
			{ text: result.text?.slice(0, 600), sent },
		);
		await page.keyboard.press('Escape');
		await sleep(300);
	}
}

async function main() {
	const toolchain = await ensureToolchain();
	if (
		!check(
			'chromium installed',
			existsSync(toolchain.chromium),
			`${toolchain.chromium} missing: bash scripts/e2e/install-n8n.sh --with-chromium`,
		)
	) {
		return;
	}
	const ctx = await createN8nContext({ toolchain });
	let sim;
	let server;
	let browser;
	try {
		const tarball = await S.ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		await installCommunityPackage(ctx, tarball);
		check(`installed ${path.basename(tarball)} as a community package`, true);
		const properties = S.loadNodeProperties();

		sim = await S.startSimulator({ args: ['--verbose'] });
		check(`simulator started (pid ${sim.pid}, ${sim.apiUrl})`, true);
		const credential = S.segmindCredential({
			id: CRED_ID,
			name: 'Segmind (simulator)',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		const examples = loadExamples();
		// The examples share one credential id (as the demo imports them); point it at the simulator.
		const exampleRef = examples
			.flatMap(({ workflow }) => workflow.nodes)
			.find((n) => n.credentials?.segmindApi)?.credentials.segmindApi;
		await S.importCredentials(ctx, [
			credential,
			S.segmindCredential({ id: exampleRef.id, name: exampleRef.name, apiKey: sim.apiKey, baseUrl: sim.apiUrl, uploadUrl: sim.uploadUrl }),
		]);
		await S.importWorkflows(ctx, examples.map(({ workflow }) => workflow));
		const flash = { name: 'Segmind Wan', model: 'wan-2.2-i2v-flash', mode: 'wait', typeVersion: VERSION };
		const r2v = (name, urls) => ({
			name,
			model: 'wan2.7-r2v',
			typeVersion: VERSION,
			extra: { referenceImages: { items: urls.map((url) => ({ source: 'url', url })) } },
		});
		await S.importWorkflows(ctx, [
			S.fanOutWorkflow({ id: WF_RUN, name: 'Segmind Wan: run in the editor', credential, nodes: [flash] }),
			S.fanOutWorkflow({ id: WF_MODELS, name: 'Segmind Wan: model fields', credential, nodes: [flash] }),
			S.fanOutWorkflow({ id: WF_SWITCH, name: 'Segmind Wan: model switch', credential, nodes: [flash] }),
			S.fanOutWorkflow({
				id: WF_ERRORS,
				name: 'Segmind Wan: input errors',
				credential,
				nodes: [
					r2v('Empty entry', [S.EXAMPLE_IMAGE_URL, '']),
					r2v('File name entry', ['my cat photo.jpg']),
					// Typed (or pasted) into the field in Fixed mode: no leading "=".
					{ name: 'Literal braces', model: 'wan-2.2-i2v-flash', typeVersion: VERSION, extra: { operation: 'getResult', requestId: '{{ $json.requestId }}' } },
				],
			}),
		]);

		let t = Date.now();
		server = await startN8n(ctx);
		check(`n8n start ready on ${server.baseUrl} (${Date.now() - t} ms)`, true);
		await setupOwner(server.baseUrl, DEFAULT_OWNER);

		browser = await B.launchBrowser(toolchain);
		const { page } = browser;
		// A full navigation away from an edited workflow asks "leave?": yes.
		page.on('dialog', (d) => d.accept().catch(() => {}));
		await B.signIn(page, server.baseUrl, DEFAULT_OWNER);
		check(`chromium ${await browser.browser.version()} signed in`, true);

		const parts = [
			['node panel', () => nodePanelChecks(page, server.baseUrl)],
			['credential dialog', () => credentialChecks(page, server.baseUrl, sim)],
			['execution', async () => executionChecks(page, server.baseUrl, createHash('sha256').update(await S.readSampleMp4()).digest('hex'))],
			['model fields', () => modelFieldChecks(page, server.baseUrl, properties)],
			['example workflows', () => exampleChecks(page, server.baseUrl, examples)],
			['new node defaults', () => newNodeChecks(page, server.baseUrl, properties)],
			['model switch, all pairs', () => modelSwitchChecks(page, server.baseUrl, properties)],
			['visible ranges', () => rangeChecks(page, server.baseUrl)],
			['input errors', () => inputErrorChecks(page, server.baseUrl, sim)],
		];
		// SEGMIND_E2E_ONLY="model switch,input errors" runs only the parts whose label contains one of them.
		const only = (process.env.SEGMIND_E2E_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
		for (const [label, part] of parts) {
			if (only.length && !only.some((x) => label.includes(x))) continue;
			t = Date.now();
			try {
				await part();
			} catch (error) {
				const shot = await B.screenshot(page, `editor-error-${label.replace(/\W+/g, '-')}`).catch(() => null);
				check(`${label} checks ran${shot ? ` (${rel(shot)})` : ''}`, false, error.stack ?? String(error));
			}
			console.log(`  (${label}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
		}
	} finally {
		if (browser) await browser.close();
		if (server) await server.stop();
		if (sim) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree([ctx.ports.main, ctx.ports.broker, ...(sim?.ports ?? [])], 'no process left (n8n, chromium, simulator), ports free');
}

await runSuite('editor e2e', R, main);
