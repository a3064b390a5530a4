// Headless Chromium (Debian's /usr/bin/chromium) driven by puppeteer-core, which lives in the
// e2e cache (scripts/e2e/install-n8n.sh), not in the repo: launching it, and screenshots.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../toolchain.mjs';
import { stopProcess } from '../processes.mjs';

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
