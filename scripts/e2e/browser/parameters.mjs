// The parameters of the open node (NDV): which ones show, choosing and filling them, reading
// what a field shows.
import { sleep } from '../processes.mjs';

/**
 * The top-level parameters the open NDV shows (its Parameters tab, visible
 * ones only), in order: [{name, label}] (label = the displayed title).
 */
export async function visibleTopLevelParameters(page) {
	return await page.$$eval(
		'[data-test-id="node-parameters"] [data-test-id="parameter-item"]',
		(els) =>
			els
				.filter((e) => e.getClientRects().length > 0)
				.filter((e) => !e.parentElement.closest('[data-test-id="parameter-item"]'))
				.map((e) => {
					const label = [...e.querySelectorAll('label[for]')].find(
						(l) => !l.closest('[data-test-id="node-credentials-slot"]'),
					);
					if (!label) return null;
					const title = label.querySelector('.n8n-text') ?? label;
					return {
						name: label.getAttribute('for'),
						label: (title.textContent || '')
							.replace(/\s+/g, ' ')
							.replace(/\s*\*$/, '')
							.trim(),
					};
				})
				.filter(Boolean),
	);
}

/**
 * Opens an options parameter's dropdown in the NDV and clicks the first visible
 * option whose text (name, then description) starts with `optionName`.
 */
export async function selectParameterOption(page, parameterName, optionName) {
	await page.click(`[data-test-id="parameter-input-${parameterName}"]`);
	await page.waitForFunction(
		() =>
			[...document.querySelectorAll('.el-select-dropdown__item')].some(
				(e) => e.offsetParent !== null,
			),
		{ timeout: 30_000, polling: 100 },
	);
	await sleep(300);
	const items = await page.$$('.el-select-dropdown__item');
	for (const item of items) {
		// An option renders its name followed by its description.
		const title = await item.evaluate((e) =>
			e.offsetParent === null ? null : e.textContent.trim(),
		);
		// The model selector leads each name with its input kind ("Image → Video: Wan 2.7 …").
		const name = title?.replace(/^\w+ → Video: /, '');
		if (title !== null && (title.startsWith(optionName) || name.startsWith(optionName))) {
			await item.click();
			await sleep(700);
			return true;
		}
	}
	await page.keyboard.press('Escape');
	throw new Error(`option "${optionName}" not found in parameter ${parameterName}`);
}

/** Replaces the text of a string parameter input (NDV or credential modal) and leaves the field. */
export async function fillParameter(page, parameterName, value) {
	const input = await page.waitForSelector(
		`[data-test-id="parameter-input-${parameterName}"] input, [data-test-id="parameter-input-${parameterName}"] textarea`,
		{ visible: true },
	);
	await input.click({ count: 3 });
	await page.keyboard.down('Control');
	await page.keyboard.press('a');
	await page.keyboard.up('Control');
	await page.keyboard.press('Backspace');
	await input.type(value, { delay: 5 });
	await page.keyboard.press('Tab');
	await sleep(400);
}

/** The visible text of a top-level parameter (label, input, hint), found by its name. */
export async function parameterItemText(page, parameterName) {
	return await page.$$eval(
		'[data-test-id="node-parameters"] [data-test-id="parameter-item"]',
		(els, name) => {
			const item = els.find(
				(e) => e.getClientRects().length > 0 && e.querySelector(`label[for="${name}"]`),
			);
			return item ? item.innerText : null;
		},
		parameterName,
	);
}

/** Scrolls the parameter panel so a top-level parameter is in view (for screenshots). */
export async function scrollToParameter(page, parameterName) {
	await page.evaluate((name) => {
		document
			.querySelector(`[data-test-id="node-parameters"] label[for="${name}"]`)
			?.scrollIntoView({ block: 'center' });
	}, parameterName);
	await sleep(300);
}

/** The value an input/textarea parameter shows (for options: the chosen option's name). */
export async function parameterValue(page, parameterName) {
	return await page
		.$eval(
			`[data-test-id="parameter-input-${parameterName}"] input, [data-test-id="parameter-input-${parameterName}"] textarea`,
			(e) => ({ value: e.value, placeholder: e.getAttribute('placeholder') ?? '' }),
		)
		.catch(() => null);
}
