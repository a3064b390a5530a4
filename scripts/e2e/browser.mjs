// Headless Chromium (Debian's /usr/bin/chromium) driven by puppeteer-core,
// which lives in the e2e cache (scripts/e2e/install-n8n.sh), not in the repo.
// puppeteer-core 25 needs Node >= 22.12: run browser tests with the cache's
// Node 24 (test/e2e/browser.e2e.mjs re-executes itself under it).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './toolchain.mjs';
import { stopProcess } from './processes.mjs';

export const ARTIFACTS_DIR =
	process.env.N8N_E2E_ARTIFACTS || path.join(REPO_ROOT, 'test', 'e2e', 'artifacts');

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	'--no-first-run',
	'--no-default-browser-check',
	'--disable-extensions',
	'--disable-features=Translate,MediaRouter,OptimizationHints',
	'--metrics-recording-only',
	'--password-store=basic',
	'--window-size=1440,900',
];

/** Imports puppeteer-core from the cache dir (ESM entry from its package.json). */
export async function loadPuppeteer(toolchain) {
	const pkgDir = path.join(toolchain.browserDir, 'node_modules', 'puppeteer-core');
	const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
	const entry = pkg.exports?.['.']?.import ?? pkg.module ?? pkg.main;
	const mod = await import(pathToFileURL(path.join(pkgDir, entry)).href);
	return mod.default ?? mod;
}

/**
 * Launches Chromium. Returns { browser, page, pid, close }.
 * close() closes the browser, then stops its PID if it is still there, and
 * removes the temp profile.
 */
export async function launchBrowser(
	toolchain,
	{ executablePath, viewport = { width: 1440, height: 900 } } = {},
) {
	const puppeteer = await loadPuppeteer(toolchain);
	const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: executablePath ?? toolchain.chromium ?? '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_ARGS,
		userDataDir,
		defaultViewport: viewport,
		protocolTimeout: 120_000,
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	const pid = browser.process()?.pid;
	const page = await browser.newPage();
	page.setDefaultTimeout(60_000);
	return {
		browser,
		page,
		pid,
		async close() {
			try {
				await browser.close();
			} catch {
				// fall through to the PID kill
			}
			if (pid) await stopProcess(pid, { graceMs: 3_000 }).catch(() => {});
			await rm(userDataDir, { recursive: true, force: true });
		},
	};
}

export async function screenshot(page, name) {
	await mkdir(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, `${name}.png`);
	await page.screenshot({ path: file, fullPage: false });
	return file;
}

/** Signs in through the real sign-in form (/signin). */
export async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle2' });
	const emailSel = 'input[name="emailOrLdapLoginId"], input[type="email"], input[name="email"]';
	await page.waitForSelector(emailSel, { visible: true });
	await page.type(emailSel, email);
	await page.type('input[name="password"], input[type="password"]', password);
	await Promise.all([
		page.waitForResponse((r) => r.url().endsWith('/rest/login') && r.request().method() === 'POST'),
		page.click('[data-test-id="form-submit-button"], button[type="submit"]'),
	]);
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** Opens a new workflow in the editor and waits for the canvas. */
export async function openNewWorkflow(page, baseUrl) {
	await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('[data-test-id="canvas"], .vue-flow', { visible: true });
	await dismissPopups(page);
}

/** Closes onboarding/what's-new style modals if any are open. */
export async function dismissPopups(page) {
	for (let i = 0; i < 3; i++) {
		const closed = await page.evaluate(() => {
			const btn = document.querySelector(
				'.el-dialog__headerbtn, .el-message-box__headerbtn, [data-test-id="close-button"], .el-notification__closeBtn',
			);
			if (btn && btn.offsetParent !== null) {
				btn.click();
				return true;
			}
			return false;
		});
		if (!closed) break;
		await new Promise((r) => setTimeout(r, 300));
	}
}

/**
 * Opens the node creator (the "+" at the canvas' top right), types `query`
 * into its search bar and returns the titles of the matching nodes.
 * Works on an empty canvas too (the "What triggers this workflow?" view also
 * lists regular nodes when searching).
 */
export async function searchNodePanel(page, query) {
	const searchSel =
		'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input';
	if (!(await page.$(searchSel))) {
		await page.click('[data-test-id="node-creator-plus-button"]');
	}
	const input = await page.waitForSelector(searchSel, { visible: true });
	// The panel slides in: its input is not clickable for a moment.
	for (let attempt = 0; ; attempt++) {
		try {
			await input.click({ count: 3 });
			break;
		} catch (error) {
			if (attempt >= 20) throw error;
			await sleep(250);
		}
	}
	await page.keyboard.down('Control');
	await page.keyboard.press('a');
	await page.keyboard.up('Control');
	await page.keyboard.press('Backspace');
	await input.type(query, { delay: 20 });
	await page
		.waitForSelector('[data-test-id="node-creator-item-name"]', { visible: true, timeout: 10_000 })
		.catch(() => {});
	await sleep(300);
	return await page.$$eval('[data-test-id="node-creator-item-name"]', (els) =>
		els.map((e) => (e.textContent || '').trim()).filter(Boolean),
	);
}

/** Opens a saved workflow (e.g. one imported with the CLI before `n8n start`). */
export async function openWorkflow(page, baseUrl, id) {
	await page.goto(`${baseUrl}/workflow/${id}`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('[data-test-id="canvas-node"]', { visible: true });
	await dismissPopups(page);
}

/** Canvas nodes as [{name, type}]. */
export async function canvasNodes(page) {
	return await page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((e) => ({
			name: e.getAttribute('data-node-name'),
			type: e.getAttribute('data-node-type'),
		})),
	);
}

/** Double-clicks a canvas node to open its parameter panel (NDV). */
export async function openNode(page, nodeName) {
	const node = await page.waitForSelector(
		`[data-test-id="canvas-node"][data-node-name=${JSON.stringify(nodeName)}]`,
		{ visible: true },
	);
	await node.click({ count: 2 });
	await page.waitForSelector(
		'[data-test-id="node-execute-button"], [data-test-id="parameter-input"]',
		{
			visible: true,
		},
	);
	await sleep(500);
}

/** Names of the parameters the open NDV renders (data-test-id="parameter-input-<name>"). */
export async function ndvParameterNames(page) {
	return await page.$$eval('[data-test-id^="parameter-input-"]', (els) =>
		[
			...new Set(els.map((e) => e.getAttribute('data-test-id').slice('parameter-input-'.length))),
		].filter((n) => !['label', 'field', 'item'].includes(n)),
	);
}

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

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

// ------------------------------------------------------------------ helpers for real nodes

/**
 * The top-level parameters the open NDV shows (its Parameters tab, visible
 * ones only), in order: [{name, label}] (label = the displayed title).
 */
export async function visibleTopLevelParameters(page) {
	return await page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-item"]', (els) =>
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
					label: (title.textContent || '').replace(/\s+/g, ' ').replace(/\s*\*$/, '').trim(),
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
		() => [...document.querySelectorAll('.el-select-dropdown__item')].some((e) => e.offsetParent !== null),
		{ timeout: 30_000, polling: 100 },
	);
	await sleep(300);
	const items = await page.$$('.el-select-dropdown__item');
	for (const item of items) {
		// An option renders its name followed by its description.
		const title = await item.evaluate((e) => (e.offsetParent === null ? null : e.textContent.trim()));
		if (title !== null && title.startsWith(optionName)) {
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

/**
 * Credentials page -> "Create credential" -> picks the type by its display name
 * -> Continue. Leaves the credential modal open.
 */
export async function openNewCredential(page, baseUrl, typeDisplayName) {
	await page.goto(`${baseUrl}/home/credentials`, { waitUntil: 'networkidle2' });
	await dismissPopups(page);
	await page.click('[data-test-id="add-resource-credential"]');
	const input = await page.waitForSelector('[data-test-id="new-credential-type-select"] input', {
		visible: true,
	});
	await input.click();
	await input.type(typeDisplayName, { delay: 20 });
	// Wait for the filtered list to settle on exactly this type, then pick it.
	await page.waitForFunction(
		(name) => {
			const shown = [...document.querySelectorAll('[data-test-id="new-credential-type-select-option"]')]
				.filter((e) => e.offsetParent !== null)
				.map((e) => e.textContent.trim());
			return shown.length === 1 && shown[0] === name;
		},
		{ timeout: 30_000, polling: 200 },
		typeDisplayName,
	);
	await sleep(300);
	await page.evaluate(() => {
		[...document.querySelectorAll('[data-test-id="new-credential-type-select-option"]')]
			.find((e) => e.offsetParent !== null)
			.click();
	});
	await sleep(300);
	const chosen = await page.$eval('[data-test-id="new-credential-type-select"]', (e) =>
		(e.querySelector('input')?.value || e.textContent || '').trim(),
	);
	if (!chosen.includes(typeDisplayName)) {
		throw new Error(`credential type select shows "${chosen}", not "${typeDisplayName}"`);
	}
	await page.click('[data-test-id="new-credential-type-button"]');
	await page.waitForSelector('[data-test-id="editCredential-modal"]', { visible: true });
	await sleep(800);
}

/**
 * Clicks Save in the open credential modal and returns the body of the
 * connection test n8n runs on save ({status:'OK'|'Error', message}) plus the
 * modal's text afterwards.
 */
export async function saveCredentialAndTest(page, { timeoutMs = 60_000 } = {}) {
	const test = page.waitForResponse(
		(r) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST',
		{ timeout: timeoutMs },
	);
	await page.click('[data-test-id="credential-save-button"]');
	const response = await test;
	const body = await response.json().catch(() => ({}));
	await sleep(1_000);
	const text = await page.$eval('[data-test-id="editCredential-modal"]', (e) => e.innerText);
	return { result: body?.data ?? body, text };
}

export async function closeCredentialModal(page) {
	const closed = await page.evaluate(() => {
		const btn = document.querySelector(
			'[data-test-id="editCredential-modal"] .el-dialog__headerbtn, [data-test-id="editCredential-modal"] [aria-label="Close"]',
		);
		if (btn) btn.click();
		return !!btn;
	});
	if (!closed) await page.keyboard.press('Escape');
	await sleep(500);
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
			if (names.some((n) => n.includes(needle) && !prevNames.includes(n))) return { ok: true, text: t };
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

// ------------------------------------------------------------------ helpers for a newcomer's view

/**
 * Adds a node the way a new user does: node panel search, click the node, then (for nodes with
 * operations) click the action. Waits for the node's parameter panel (NDV) to open.
 */
export async function addNodeFromPanel(page, query, nodeTitle, actionText) {
	await searchNodePanel(page, query);
	await page.evaluate((title) => {
		const item = [...document.querySelectorAll('[data-test-id="node-creator-item-name"]')].find(
			(e) => e.textContent.trim() === title,
		);
		item.click();
	}, nodeTitle);
	await sleep(800);
	if (actionText) {
		await page.waitForFunction(
			(text) => [...document.querySelectorAll('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"], [data-test-id="node-creator-item-name"]')]
				.some((e) => e.offsetParent !== null && e.textContent.trim().startsWith(text)),
			{ timeout: 15_000, polling: 200 },
			actionText,
		);
		await page.evaluate((text) => {
			const action = [...document.querySelectorAll('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-item-name"]')].find(
				(e) => e.offsetParent !== null && e.textContent.trim().startsWith(text),
			);
			action.click();
		}, actionText);
	}
	await page.waitForSelector('[data-test-id="node-parameters"]', { visible: true, timeout: 30_000 });
	await sleep(800);
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
		document.querySelector(`[data-test-id="node-parameters"] label[for="${name}"]`)?.scrollIntoView({ block: 'center' });
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
			const toasts = [...document.querySelectorAll('.el-notification')].slice(notes).map((n) => n.innerText).join('\n');
			const all = `${panel}\n${toasts}`;
			if (all.includes(text)) return { found: true, text: all };
			if (/Problem in node|ERROR:|cannot start/i.test(all) && /\S/.test(toasts + panel)) {
				// keep waiting briefly for the full message; the caller sees what was there
				return all.length > 0 && /Problem in node|cannot start/i.test(all) ? { found: false, text: all } : null;
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
			const toasts = [...document.querySelectorAll('.el-notification')].map((n) => n.innerText).join('\n');
			return `${panel}\n${toasts}`;
		}, outSel);
		result = { found: text.includes(needle), text };
	}
	return result;
}
