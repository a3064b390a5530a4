// The editor suite's check 6, a newcomer's view (issue 15): defaults of a new node, values kept
// across model switches, range hints, and input errors that reach nothing.
import * as B from '../../../scripts/e2e/browser.mjs';
import * as S from '../../../scripts/e2e/segmind.mjs';
import { check } from '../suiteReport.mjs';
import {
	COMMON_PARAMETERS,
	rel,
	simLines,
	sleep,
	VERSION,
	WF_ERRORS,
	WF_SWITCH,
} from './editorSetup.mjs';

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
	if (property.type === 'options')
		return property.options.find((o) => o.value !== property.default);
	if (property.type === 'number') {
		const { minValue, maxValue } = property.typeOptions ?? {};
		const value = maxValue ?? (minValue ?? 0) + 7;
		return { name: String(value === property.default ? value - 1 : value) };
	}
	if (/image|url|audio/i.test(property.name))
		return { name: `https://example.com/${from}-to-${to}.png` };
	return { name: `set on ${from}, then switched to ${to}` };
}

export async function newNodeChecks(page, baseUrl, properties) {
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
		`Get Result's Request ID starts as the expression {{ $json.requestId ?? $json.details?.requestId }} (${rel(shot)})`,
		/\{\{\s*\$json\.requestId\s*\?\?\s*\$json\.details\?\.requestId\s*\}\}/.test(requestId ?? ''),
		requestId,
	);
	await page.keyboard.press('Escape');
	await sleep(300);
}

/**
 * A walk through every ordered pair of `n` models, each pair once (an Euler circuit of the
 * complete directed graph, Hierholzer): each switch's target is the next switch's source, so
 * the panel never re-selects a model only to start the next pair.
 */
export function allPairsWalk(n) {
	const unused = Array.from({ length: n }, (_, v) => [...Array(n).keys()].filter((w) => w !== v));
	const stack = [0];
	const walk = [];
	while (stack.length) {
		const v = stack[stack.length - 1];
		if (unused[v].length) stack.push(unused[v].pop());
		else walk.push(stack.pop());
	}
	return walk.reverse();
}

export async function modelSwitchChecks(page, baseUrl, properties) {
	await B.openWorkflow(page, baseUrl, WF_SWITCH);
	await B.openNode(page, 'Segmind Wan');
	const models = S.modelOptions(properties).filter((o) => o.value !== 'other');
	const visible = (slug) =>
		S.expectedVisibleParameters(properties, {
			operation: 'generate',
			model: slug,
			'@version': VERSION,
		})
			.map((p) => p.name)
			.filter((n) => !COMMON_PARAMETERS.includes(n) && !/Source$|BinaryProperty$/.test(n));
	const walk = allPairsWalk(models.length);
	const pairs = new Set(walk.slice(1).map((to, i) => `${walk[i]}>${to}`));
	check(
		`the switch walk covers all ${models.length * (models.length - 1)} ordered pairs of ${models.length} models, each once`,
		pairs.size === walk.length - 1 &&
			pairs.size === models.length * (models.length - 1) &&
			[...pairs].every((p) => p.split('>')[0] !== p.split('>')[1]),
		walk,
	);
	await B.selectParameterOption(page, 'model', models[walk[0]].name);
	for (let step = 1; step < walk.length; step++) {
		const from = models[walk[step - 1]];
		const to = models[walk[step]];
		const shared = visible(from.value).filter(
			(n) =>
				visible(to.value).includes(n) &&
				propertyOf(properties, from.value, n)?.type !== 'fixedCollection',
		);
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
		const ok = refused.length === 0 && shared.every((n) => shown[n] !== undefined);
		// A picture of the panel only where it helps: a failed switch.
		const shot = ok ? null : await B.screenshot(page, `editor-switch-${from.value}-to-${to.value}`);
		check(
			`switch ${from.value} → ${to.value}: every shared field [${shared.join(', ')}] shows a value ${to.value} accepts${shot ? ` (${rel(shot)})` : ''}`,
			ok,
			{ set, shown, refused },
		);
	}
	await page.keyboard.press('Escape');
	await sleep(300);
}

export async function rangeChecks(page, baseUrl) {
	await B.openWorkflow(page, baseUrl, WF_SWITCH);
	await B.openNode(page, 'Segmind Wan');
	const results = {};
	const shots = [];
	for (const [modelName, fields] of [
		[
			'Wan 2.1 Image to Video 720p',
			[
				['videoLength', 1, 5],
				['steps', 10, 70],
			],
		],
		['Wan 2.7 Image to Video', [['duration', 2, 15]]],
	]) {
		await B.selectParameterOption(page, 'model', modelName);
		for (const [name, min, max] of fields) {
			const text = (await B.parameterItemText(page, name)) ?? '';
			const mentions = (text.match(new RegExp(`${min}\\s*(to|–|-)\\s*${max}`, 'g')) ?? []).length;
			results[`${modelName}: ${name}`] = {
				text: text.replace(/\s+/g, ' '),
				ok: text.includes(`From ${min} to ${max}`) && mentions === 1,
			};
		}
		if (modelName.startsWith('Wan 2.1')) {
			const resolution = await B.parameterItemText(page, 'resolutionWan21');
			results['Wan 2.1 resolution label'] = {
				text: resolution,
				ok: /Longest Side in Pixels/.test(resolution ?? ''),
			};
		}
		await B.scrollToParameter(page, fields[0][0]);
		shots.push(
			rel(
				await B.screenshot(
					page,
					`editor-visible-ranges-${modelName.startsWith('Wan 2.1') ? 'wan21' : 'wan27'}`,
				),
			),
		);
	}
	check(
		`ranges show as hint text under the field, once (Wan 2.1 video length 1–5, steps 10–70; Wan 2.7 duration 2–15), Wan 2.1's resolution reads as the longest side in pixels (${shots.join(', ')})`,
		Object.values(results).every((r) => r.ok),
		results,
	);
	await page.keyboard.press('Escape');
	await sleep(300);
}

export async function inputErrorChecks(page, baseUrl, sim) {
	for (const [nodeName, needle] of [
		['Empty entry', 'Reference image 2: the URL is empty'],
		['File name entry', 'Reference image 1: `my cat photo.jpg` is not an http(s) URL'],
		['Literal braces', 'switch this field to Expression'],
	]) {
		await B.openWorkflow(page, baseUrl, WF_ERRORS);
		await B.openNode(page, nodeName);
		const from = sim.output().stderr.length;
		const result = await B.executeStepExpectError(page, needle).catch((e) => ({
			found: false,
			text: e.message,
		}));
		const shot = await B.screenshot(
			page,
			`editor-error-${nodeName.toLowerCase().replace(/\W+/g, '-')}`,
		);
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
