// "Execute step" in the open node (NDV), and waiting for its output: items, a file, or an error.
import { sleep } from '../processes.mjs';

/**
 * Clicks "Execute step" in the open NDV and waits for the run to finish and the
 * output panel to settle (or to contain `waitForText`). Returns the panel text.
 */
export async function executeStepInNdv(page, { timeoutMs = 120_000, waitForText } = {}) {
	const outSel = '[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]';
	const done = page
		.waitForResponse(
			(r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()) && r.request().method() === 'POST',
			{
				timeout: timeoutMs,
			},
		)
		.catch(() => null);
	await page.click('[data-test-id="node-execute-button"]');
	await done;
	await page.waitForFunction(
		(sel, text) => {
			const t = document.querySelector(sel)?.textContent || '';
			return text ? t.includes(text) : /\d+ items?/.test(t);
		},
		{ timeout: timeoutMs },
		outSel,
		waitForText ?? null,
	);
	// let the table render fully: text unchanged for 500 ms
	let last = '';
	for (let i = 0; i < 20; i++) {
		const t = await page.$eval(outSel, (e) => e.textContent || '');
		if (t === last && t) break;
		last = t;
		await sleep(500);
	}
	return last;
}

/**
 * Clicks "Execute step" in the open NDV and waits until the output panel shows
 * a binary file whose name contains `fileNameIncludes` and differs from the
 * one shown before (file names carry the request id), or an error.
 * @returns {Promise<{ok:boolean, text:string}>}
 */
export async function executeStepExpectFile(page, fileNameIncludes, { timeoutMs = 120_000 } = {}) {
	const outSel = '[data-test-id="output-panel"]';
	const before = await page.$eval(outSel, (e) => e.textContent || '').catch(() => '');
	const notesBefore = await page.$$eval('.el-notification', (els) => els.length);
	await page.click('[data-test-id="node-execute-button"]');
	const handle = await page.waitForFunction(
		(sel, needle, previous, notes) => {
			const panel = document.querySelector(sel);
			const binaryTab = panel?.querySelector('[data-test-id="radio-button-binary"]');
			if (binaryTab && !/File Name/.test(panel.textContent || '')) binaryTab.click();
			const t = panel?.textContent || '';
			const names = t.match(/File Name:\s*\S+\.mp4/g) ?? [];
			const prevNames = previous.match(/File Name:\s*\S+\.mp4/g) ?? [];
			if (names.some((n) => n.includes(needle) && !prevNames.includes(n)))
				return { ok: true, text: t };
			if (/Problem in node|ERROR:|Error:/.test(t) && t !== previous) return { ok: false, text: t };
			// "Workflow execution cannot start" (parameter issues) and other error toasts
			const toasts = [...document.querySelectorAll('.el-notification')].slice(notes);
			const error = toasts.find((n) => /error|cannot|problem|issue/i.test(n.textContent || ''));
			if (error) return { ok: false, text: error.textContent };
			return null;
		},
		{ timeout: timeoutMs, polling: 250 },
		outSel,
		fileNameIncludes,
		before,
		notesBefore,
	);
	return await handle.jsonValue();
}

/**
 * Clicks "Execute step" and waits until the NDV output panel or an error toast contains
 * `needle` (or any error shows). Returns { found, text } with the error text seen.
 */
export async function executeStepExpectError(page, needle, { timeoutMs = 60_000 } = {}) {
	const outSel = '[data-test-id="output-panel"]';
	const notesBefore = await page.$$eval('.el-notification', (els) => els.length);
	await page.click('[data-test-id="node-execute-button"]');
	const handle = await page.waitForFunction(
		(sel, text, notes) => {
			const panel = document.querySelector(sel)?.innerText || '';
			const toasts = [...document.querySelectorAll('.el-notification')]
				.slice(notes)
				.map((n) => n.innerText)
				.join('\n');
			const all = `${panel}\n${toasts}`;
			if (all.includes(text)) return { found: true, text: all };
			if (/Problem in node|ERROR:|cannot start/i.test(all) && /\S/.test(toasts + panel)) {
				// keep waiting briefly for the full message; the caller sees what was there
				return all.length > 0 && /Problem in node|cannot start/i.test(all)
					? { found: false, text: all }
					: null;
			}
			return null;
		},
		{ timeout: timeoutMs, polling: 250 },
		outSel,
		needle,
		notesBefore,
	);
	let result = await handle.jsonValue();
	if (!result.found) {
		// The panel renders the message a moment after the "Problem in node" title.
		await sleep(1_500);
		const text = await page.evaluate((sel) => {
			const panel = document.querySelector(sel)?.innerText || '';
			const toasts = [...document.querySelectorAll('.el-notification')]
				.map((n) => n.innerText)
				.join('\n');
			return `${panel}\n${toasts}`;
		}, outSel);
		result = { found: text.includes(needle), text };
	}
	return result;
}
