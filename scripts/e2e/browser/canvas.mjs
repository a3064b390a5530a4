// The n8n editor's sign-in, canvas and node panel: opening workflows and nodes, adding a node
// the way a new user does.
import { sleep } from '../processes.mjs';

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
			(text) =>
				[
					...document.querySelectorAll(
						'[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"], [data-test-id="node-creator-item-name"]',
					),
				].some((e) => e.offsetParent !== null && e.textContent.trim().startsWith(text)),
			{ timeout: 15_000, polling: 200 },
			actionText,
		);
		await page.evaluate((text) => {
			const action = [
				...document.querySelectorAll(
					'[data-test-id="node-creator-action-item"], [data-test-id="node-creator-item-name"]',
				),
			].find((e) => e.offsetParent !== null && e.textContent.trim().startsWith(text));
			action.click();
		}, actionText);
	}
	await page.waitForSelector('[data-test-id="node-parameters"]', {
		visible: true,
		timeout: 30_000,
	});
	await sleep(800);
}
