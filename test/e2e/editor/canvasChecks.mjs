// The editor suite's checks 1-5: node panel and icon, credential test, executing on the canvas,
// each model's fields, and every example on the canvas.
import * as B from '../../../scripts/e2e/browser.mjs';
import * as S from '../../../scripts/e2e/segmind.mjs';
import { check } from '../suiteReport.mjs';
import {
	COMMON_PARAMETERS,
	PACKAGE_ICON,
	rel,
	seedFields,
	seedHas,
	simLines,
	sleep,
	VERSION,
	WF_MODELS,
	WF_RUN,
} from './editorSetup.mjs';

export async function nodePanelChecks(page, baseUrl) {
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
		check(
			'node panel item "Segmind Wan" has our icon loaded (naturalWidth > 0)',
			false,
			'item not listed',
		);
	}
	await page.keyboard.press('Escape');
	await sleep(300);
}

export async function credentialChecks(page, baseUrl, sim) {
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

export async function executionChecks(page, baseUrl, expectedSha) {
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
				return v && v.readyState >= 1
					? {
							src: v.currentSrc || v.src,
							width: v.videoWidth,
							height: v.videoHeight,
							duration: v.duration,
						}
					: null;
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

export async function modelFieldChecks(page, baseUrl, properties) {
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
		const expected = S.expectedVisibleParameters(properties, {
			operation: 'generate',
			model: value,
			'@version': VERSION,
		});
		const shot = await B.screenshot(page, `editor-model-${value}`);
		check(
			`model ${value}: the panel shows exactly its parameters [${expected.map((p) => p.name).join(', ')}] (${rel(shot)})`,
			fmt(shown) === fmt(expected),
			{ shown: fmt(shown), expected: fmt(expected) },
		);
		if (value === 'other') continue;
		// Independently of our declarations: nothing but this model's seed fields, and all its required
		// ones.
		// The four newer models have no seed page (declared from test/fixtures/sources/): the panel
		// check above covers them.
		const fields = seeds.get(value) ?? [];
		const seeded = seeds.has(value);
		const shownNames = shown.map((p) => p.name);
		const foreign = shownNames.filter(
			(n) => !COMMON_PARAMETERS.includes(n) && !fields.some((f) => seedHas(f, n)),
		);
		const missing = fields.filter((f) => f.required && !shownNames.some((n) => seedHas(f, n)));
		check(
			`model ${value}: every field shown is on its seed page, every required one is shown`,
			!seeded || (fields.length > 0 && foreign.length === 0 && missing.length === 0),
			{ foreign, missing: missing.map((f) => f.names[0]) },
		);
		// As a user would: give a model that needs an image one (the field
		// is emptied when the previous model had no "image"), and a prompt.
		{
			const needed = S.NEEDS_IMAGE_AND_PROMPT.includes(value)
				? [
						['image', S.EXAMPLE_IMAGE_URL],
						['prompt', S.EXAMPLE_PROMPT],
					]
				: value === 'wan-animate'
					? [
							['inputVideo', S.EXAMPLE_VIDEO_URL],
							['prompt', S.EXAMPLE_PROMPT],
						]
					: [['prompt', S.EXAMPLE_PROMPT]];
			for (const [param, text] of needed) {
				const current = await page.$eval(
					`[data-test-id="parameter-input-${param}"] input, [data-test-id="parameter-input-${param}"] textarea`,
					(e) => e.value,
				);
				if (!current) await B.fillParameter(page, param, text);
			}
		}
		const res = await B.executeStepExpectFile(page, `${value}-`).catch((e) => ({
			ok: false,
			text: e.message,
		}));
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
export async function exampleChecks(page, baseUrl, examples) {
	for (const { file, workflow } of examples) {
		await B.openWorkflow(page, baseUrl, workflow.id);
		// Zoom to fit ("1"), as a user would to see the whole workflow.
		await page.click('body').catch(() => {});
		await page.keyboard.press('1');
		await sleep(800);
		const shown = (await B.canvasNodes(page)).map((n) => n.name).sort();
		const expected = workflow.nodes
			.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
			.map((n) => n.name)
			.sort();
		const ours = workflow.nodes.filter((n) => n.type.endsWith('.segmindWan')).map((n) => n.name);
		const icons = await page.$$eval(
			'[data-test-id="canvas-node"] img',
			(imgs, names) =>
				imgs
					.filter((i) =>
						names.includes(
							i.closest('[data-test-id="canvas-node"]').getAttribute('data-node-name'),
						),
					)
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
