// Headless Chromium (Debian's /usr/bin/chromium) driven by puppeteer-core,
// which lives in the e2e cache (scripts/e2e/install-n8n.sh), not in the repo.
// puppeteer-core 25 needs Node >= 22.12: run browser tests with the cache's
// Node 24 (test/e2e/browser.e2e.mjs re-executes itself under it).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, stopProcess } from './n8nEnv.mjs';

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
	await input.click({ count: 3 });
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
